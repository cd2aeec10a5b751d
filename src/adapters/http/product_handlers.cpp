#include "adapters/http/product_handlers.hpp"

#include <charconv>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include "adapters/http/responses.hpp"
#include "adapters/json/product_json.hpp"
#include "adapters/telemetry/active_context.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"
#include "domain/idempotency_key.hpp"
#include "domain/object_id.hpp"
#include "domain/search_query.hpp"

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::status;
using beast_http::verb;
using json::ProductJson;

namespace {

constexpr std::string_view kCollection = "/api/v1/products";
constexpr std::string_view kIdempotencyKey = "Idempotency-Key";

domain::ObjectId product_id(const PathParams& params) {
  const auto id = domain::ObjectId::parse(params.at("id"));
  if (!id) throw domain::Error::invalid_field("productId", "must be a 24-character hex ObjectId");
  return *id;
}

// The request's server span, which the command's spans continue; without one (no tracer), the
// client's own headers, and when those are absent the publisher starts a new trace.
domain::TraceHeaders trace_of(const Request& request) {
  const auto& active = telemetry::ActiveContext::current();
  if (active.valid()) return {telemetry::W3cTraceContext::traceparent(active), active.trace_state()};
  return {std::string(request["traceparent"]), std::string(request["tracestate"])};
}

bool is_json(std::string_view content_type) {
  const auto media_type = content_type.substr(0, content_type.find(';'));
  const auto first = media_type.find_first_not_of(" \t");
  const auto last = media_type.find_last_not_of(" \t");
  if (first == std::string_view::npos) return false;
  return boost::beast::iequals(media_type.substr(first, last - first + 1), "application/json");
}

// The body's fields, or nullopt after answering 415.
std::optional<domain::ProductFields> decode_body(const Request& request, Reply& reply) {
  if (!is_json(request[beast_http::field::content_type])) {
    reply(error_response(status::unsupported_media_type, "Content-Type must be application/json"));
    return std::nullopt;
  }
  return ProductJson::decode_fields(request.body());
}

Response accepted(const std::string& id) {
  return json_response(status::accepted, boost::json::serialize(boost::json::object{{"productId", id}}));
}

// Answers 202 or the failure, whether the publisher reports through the completion that
// `publish` hands it or throws.
template <class Publish>
void publish_and_answer(Reply& reply, const domain::ObjectId& id, Publish publish) {
  auto shared = std::make_shared<Reply>(std::move(reply));
  try {
    publish([shared, id = id.hex()](std::exception_ptr error) {
      (*shared)(error ? error_response(error) : accepted(id));
    });
  } catch (...) {
    (*shared)(error_response(std::current_exception()));
  }
}

// publish_create names the product id only when it returns, and the publisher may report before
// that (at once, or from its own thread): whichever half comes second answers.
class PendingCreate {
 public:
  explicit PendingCreate(Reply reply) : reply_(std::move(reply)) {}

  void set_id(std::string id) {
    std::unique_lock lock(mutex_);
    id_ = std::move(id);
    if (outcome_) finish(lock);
  }

  void set_outcome(std::exception_ptr error) {
    std::unique_lock lock(mutex_);
    outcome_ = error;
    if (!id_.empty()) finish(lock);
  }

  // publish_create threw: the publisher may never report.
  void fail(std::exception_ptr error) { reply_(error_response(error)); }

 private:
  void finish(std::unique_lock<std::mutex>& lock) {
    const auto id = id_;
    const auto error = *outcome_;
    lock.unlock();
    if (error) {
      reply_(error_response(error));
      return;
    }
    auto response = accepted(id);
    response.set(beast_http::field::location, std::string(kCollection) + "/" + id);
    reply_(std::move(response));
  }

  std::mutex mutex_;
  std::string id_;
  std::optional<std::exception_ptr> outcome_;
  Reply reply_;
};

// The request's Idempotency-Key, when it sent one.
std::optional<domain::IdempotencyKey> idempotency_key(const Request& request) {
  const auto found = request.find(kIdempotencyKey);
  if (found == request.end()) return std::nullopt;
  if (request.count(kIdempotencyKey) > 1) {
    throw domain::Error::invalid_field(std::string(kIdempotencyKey), "must be sent once");
  }
  return domain::IdempotencyKey::parse(found->value(), kIdempotencyKey);
}

// An absent or empty parameter keeps its default, so `?search=&page=&size=` lists the first page.
void read_integer(const boost::urls::params_view& query, std::string_view name, std::int64_t& value,
                  domain::FieldErrors& errors) {
  const auto it = query.find(name);
  if (it == query.end() || (*it).value.empty()) return;
  const auto text = (*it).value;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) errors.emplace(name, "must be an integer");
}

domain::SearchQuery search_query(const Request& request) {
  // The Router has parsed the target already.
  const auto target = boost::urls::parse_origin_form(request.target()).value();
  // `+` is a space in a query, as browsers and the original service's clients write it.
  const auto query = target.params(boost::urls::encoding_opts(true));
  std::string text;
  if (const auto it = query.find("search"); it != query.end()) text = (*it).value;
  std::int64_t page = domain::SearchQuery::kDefaultPage;
  std::int64_t size = domain::SearchQuery::kDefaultSize;
  domain::FieldErrors errors;
  read_integer(query, "page", page, errors);
  read_integer(query, "size", size, errors);
  if (!errors.empty()) throw domain::Error::invalid(std::move(errors));
  return domain::SearchQuery::make(std::move(text), page, size);
}

}  // namespace

ProductHandlers::ProductHandlers(usecase::ProductService& service, usecase::CachedProductReader& cached,
                                 runtime::WorkPool& pool, std::chrono::milliseconds request_timeout)
    : service_(service), cached_(cached), pool_(pool), request_timeout_(request_timeout) {}

void ProductHandlers::add_routes(Router& router) {
  const std::string item = std::string(kCollection) + "/{id}";
  auto bind = [this](auto method) {
    return [this, method](const Request& request, const PathParams& params, Reply& reply) {
      (this->*method)(request, params, reply);
    };
  };
  router.add(verb::post, kCollection, bind(&ProductHandlers::create));
  router.add(verb::get, std::string(kCollection) + "/search", bind(&ProductHandlers::search));
  router.add(verb::get, item, bind(&ProductHandlers::get));
  router.add(verb::put, item, bind(&ProductHandlers::update));
  router.add(verb::delete_, item, bind(&ProductHandlers::remove));
}

domain::Deadline ProductHandlers::new_deadline() const { return domain::Deadline::after(request_timeout_); }

void ProductHandlers::create(const Request& request, const PathParams&, Reply& reply) {
  const auto deadline = new_deadline();
  auto fields = decode_body(request, reply);
  if (!fields) return;
  auto key = idempotency_key(request);
  auto pending = std::make_shared<PendingCreate>(std::move(reply));
  auto done = [pending](std::exception_ptr error) { pending->set_outcome(error); };
  if (!key) {
    // No key, no store: the command goes to Kafka from the I/O thread, as fast as a write can be.
    try {
      pending->set_id(service_.publish_create(std::move(*fields), trace_of(request), deadline, done).hex());
    } catch (...) {
      pending->fail(std::current_exception());
    }
    return;
  }
  // The key's record is a MongoDB round trip, whose driver blocks.
  run_blocking(
      deadline,
      [this, pending, done, key = std::move(*key), fields = std::move(*fields), trace = trace_of(request),
       deadline]() mutable {
        pending->set_id(service_.publish_create(key, std::move(fields), trace, deadline, done).hex());
      },
      [pending](std::exception_ptr error) { pending->fail(error); });
}

void ProductHandlers::update(const Request& request, const PathParams& params, Reply& reply) {
  const auto deadline = new_deadline();
  const auto id = product_id(params);
  auto fields = decode_body(request, reply);
  if (!fields) return;
  publish_and_answer(reply, id, [&](usecase::CommandPublisher::Completion done) {
    service_.publish_update(id, std::move(*fields), trace_of(request), deadline, std::move(done));
  });
}

void ProductHandlers::remove(const Request& request, const PathParams& params, Reply& reply) {
  const auto deadline = new_deadline();
  const auto id = product_id(params);
  publish_and_answer(reply, id, [&](usecase::CommandPublisher::Completion done) {
    service_.publish_delete(id, trace_of(request), deadline, std::move(done));
  });
}

void ProductHandlers::get(const Request&, const PathParams& params, Reply& reply) {
  const auto deadline = new_deadline();
  const auto id = product_id(params);
  auto shared = std::make_shared<Reply>(std::move(reply));
  // The cache holds what ProductJson::encode writes, the very body of the slow path's answer.
  cached_.lookup(id, deadline, [this, shared, id, deadline](usecase::CacheLookup found) {
    if (found.encoded) {
      (*shared)(json_response(status::ok, std::move(*found.encoded)));
      return;
    }
    answer_blocking(*shared, deadline, [this, id, deadline, absent = found.absent] {
      const auto product = absent ? service_.get_after_miss(id, deadline) : service_.get_by_id(id, deadline);
      return json_response(status::ok, ProductJson::encode(product));
    });
  });
}

void ProductHandlers::search(const Request& request, const PathParams&, Reply& reply) {
  const auto deadline = new_deadline();
  auto query = search_query(request);
  answer_blocking(reply, deadline, [this, query = std::move(query), deadline] {
    return json_response(status::ok, ProductJson::encode(service_.search(query, deadline)));
  });
}

void ProductHandlers::answer_blocking(Reply& reply, domain::Deadline deadline, std::function<Response()> work) {
  auto shared = std::make_shared<Reply>(std::move(reply));
  run_blocking(
      deadline, [shared, work = std::move(work)] { (*shared)(work()); },
      [shared](std::exception_ptr error) { (*shared)(error_response(error)); });
}

void ProductHandlers::run_blocking(domain::Deadline deadline, std::function<void()> work,
                                   std::function<void(std::exception_ptr)> fail) {
  const bool queued = pool_.try_submit([deadline, work = std::move(work), fail,
                                        context = telemetry::ActiveContext::current()] {
    const telemetry::ActiveContext::Scope scope(context);
    try {
      if (deadline.expired()) throw domain::Error::deadline_exceeded("request waited past its deadline for a worker");
      work();
    } catch (...) {
      fail(std::current_exception());
    }
  });
  if (!queued) fail(std::make_exception_ptr(domain::Error::unavailable("server busy: the worker queue is full")));
}

}  // namespace products::adapters::http
