// The REST request path: raw bytes parsed as HttpSession parses them (Beast, with the server's
// limits), then the request line, query string, headers and body through the real Router,
// RestApi and ProductService, over in-memory fakes of Kafka, Redis and MongoDB.
#include <cstddef>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/http/rest_api.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "adapters/telemetry/tracer.hpp"
#include "fuzz/fuzz_contract.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "unit/http/fakes.hpp"
#include "usecase/product_service.hpp"

namespace {

namespace beast_http = boost::beast::http;
using namespace products::adapters;
using http::testing::FakeCache;
using http::testing::FakeCachedReader;
using http::testing::FakeRepository;

// The MongoDB repository turns every query into a skip count; the fake computes it too, so that
// a page the repository cannot express is found here.
class SkippingRepository : public FakeRepository {
 public:
  products::domain::SearchPage search(const products::domain::SearchQuery& query,
                                      products::domain::Deadline deadline) override {
    static_cast<void>(query.skip());
    return FakeRepository::search(query, deadline);
  }
};

http::HttpConfig fuzz_config(const telemetry::Tracer& tracer) {
  http::HttpConfig config;
  config.openapi_file = std::string(PRODUCTS_SOURCE_DIR) + "/api/openapi.yaml";
  // A small, fixed tree, so that /swagger/ serves files whatever the machine installed.
  config.swagger_ui_dir = std::string(PRODUCTS_SOURCE_DIR) + "/api";
  config.cors_allowed_origins = {"https://shop.example.com"};
  // Without a processor no span is recorded, but the router still parses the client's
  // traceparent and tracestate into the server span's parent.
  config.tracer = &tracer;
  return config;
}

// Built once: Swagger UI's files are read at construction, and a WorkPool per input would cost a
// thread each.
struct Service {
  telemetry::Tracer tracer{telemetry::Sampler(1.0), nullptr};
  http::HttpConfig config = fuzz_config(tracer);
  SkippingRepository repository;
  FakeCache cache;
  products::testing::FakeCommandPublisher publisher;
  products::usecase::CacheObserver cache_observer;
  products::testing::FakeIdempotencyStore idempotency;
  products::usecase::ProductService service{repository, cache, publisher, cache_observer, idempotency};
  FakeCachedReader cached;
  runtime::WorkPool pool{1, 16, "fuzz-work"};
  http::RestApi api{service, cached, pool, config, [] { return std::vector<std::string>{}; }};
};

// The request HttpSession would hand the handler, or nullopt where it would answer 4xx itself.
std::optional<http::Request> parse(std::string_view bytes, const http::HttpConfig& config) {
  beast_http::request_parser<beast_http::string_body> parser;
  parser.eager(true);
  parser.body_limit(config.body_limit_bytes);
  parser.header_limit(static_cast<std::uint32_t>(config.header_limit_bytes));
  // A request's end is never the end of the stream (its length or its last chunk says where it
  // ends): bytes that stop early are a request the session would still be waiting for.
  boost::beast::error_code ec;
  while (!parser.is_done() && !bytes.empty()) {
    const auto used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec || used == 0) return std::nullopt;
    bytes.remove_prefix(used);
  }
  if (!parser.is_done()) return std::nullopt;
  return parser.release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Service service;
  const auto request = parse(std::string_view(reinterpret_cast<const char*>(data), size), service.config);
  if (!request) return 0;

  std::promise<http::Response> answered;
  auto response = answered.get_future();
  service.api.dispatch(*request, http::Reply([&answered](http::Response&& r) { answered.set_value(std::move(r)); }));
  // An answer that never comes is a hang, which libFuzzer's -timeout reports.
  const auto status = response.get().result();
  // Bad input is a 4xx: a 500 means something other than a domain::Error escaped a handler (or an
  // Internal one did), which the client cannot fix.
  if (status == beast_http::status::internal_server_error) products::fuzz::violated("500 for a client's request");
  service.publisher.published.clear();
  service.publisher.deadlines.clear();
  return 0;
}
