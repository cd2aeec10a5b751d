#include "bench_run.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <numeric>
#include <random>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "adapters/json/product_json.hpp"
#include "adapters/mongo/mongo_config.hpp"
#include "adapters/redis/redis_config.hpp"

namespace products::bench {

using Clock = std::chrono::steady_clock;
using domain::CommandType;
using domain::Deadline;
using domain::Product;
using domain::ProductCommand;
namespace http = boost::beast::http;

namespace {

constexpr std::chrono::seconds kStoreTimeout{60};
constexpr std::chrono::seconds kReadyTimeout{60};
constexpr std::chrono::seconds kGrpcCallTimeout{15};
constexpr std::int64_t kWarmupRequests = 20;
constexpr std::size_t kCachedProducts = 100;

void say(const std::string& line) { fmt::print("bench-e2e: {}\n", line); std::fflush(stdout); }

adapters::mongo::MongoConfig mongo_config(const BenchOptions& o) {
  adapters::mongo::MongoConfig c;
  c.uri = o.mongo_uri;
  c.database = o.database;
  c.collection = o.collection;
  c.app_name = "products-bench-e2e";
  c.write_concern_w = 1;  // what config/config.yaml gives the service
  c.socket_timeout = kStoreTimeout;
  c.pool_max_size = std::max({o.clients, o.writers, o.latency_clients}) + 2;
  return c;
}

adapters::redis::RedisConfig redis_config(const BenchOptions& o) {
  adapters::redis::RedisConfig c;
  const auto colon = o.redis_addr.rfind(':');
  c.host = o.redis_addr.substr(0, colon);
  c.port = std::stoi(o.redis_addr.substr(colon + 1));
  c.key_prefix = o.redis_prefix;
  c.pool_size = 1;
  c.command_timeout = std::chrono::seconds(5);
  return c;
}

HttpRequestSpec get(std::string target) { return {http::verb::get, std::move(target), {}}; }

// A count-bounded source: request i of `count`.
template <typename Make>
HttpLoad::Source first(std::int64_t count, Make make) {
  return [count, make](std::uint64_t seq) -> std::optional<HttpRequestSpec> {
    if (seq >= static_cast<std::uint64_t>(count)) return std::nullopt;
    return make(seq);
  };
}

std::string percent_encode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// A phase whose answers are not what the service promises fails the run: its figure would mean
// nothing. A few 503s under overload are reported instead (HttpLoadResult::unexpected).
void require_answers(const HttpLoadResult& result, int status, const std::string& what) {
  if (result.count(status) == 0) {
    throw std::runtime_error(fmt::format("{}: no {} answer at all ({})", what, status, result.unexpected(status)));
  }
}

void require_ok(const PhaseOutcome& outcome, const std::string& what) {
  if (outcome.failed > 0 && outcome.ok == 0) {
    throw std::runtime_error(fmt::format("{}: every operation failed: {}", what, outcome.first_error));
  }
}

}  // namespace

BenchRun::BenchRun(const BenchOptions& options)
    : options_(options),
      samples_(options.search_word),
      service_(options.service_pid, options.service_log),
      raw_(mongo_config(options), kStoreTimeout),
      feeder_(options.brokers, adapters::kafka::CommandTopics{options.create_topic, options.update_topic,
                                                              "bench-unused-delete-product"}),
      watcher_(options.brokers, options.group, service_),
      cache_(redis_config(options)),
      http_(options.host, options.http_port),
      grpc_(productsService::ProductsService::NewStub(grpc::CreateChannel(
          fmt::format("{}:{}", options.host, options.grpc_port), grpc::InsecureChannelCredentials()))) {}

BenchRun::~BenchRun() = default;

Deadline BenchRun::phase_deadline() const { return Deadline::after(std::chrono::seconds(options_.phase_timeout_s)); }

void BenchRun::wait_ready() {
  const auto deadline = Deadline::after(kReadyTimeout);
  for (;;) {
    service_.check();
    const auto result = HttpLoad(options_.host, options_.http_port, std::chrono::seconds(2))
                            .run(1, std::chrono::seconds(2), first(1, [](std::uint64_t) { return get("/readyz"); }));
    if (result.count(200) == 1) return;
    if (deadline.expired()) {
      throw std::runtime_error(fmt::format("the service on {}:{} was not ready within {} s ({})", options_.host,
                                           options_.http_port, kReadyTimeout.count(), result.unexpected(200)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

BenchResults BenchRun::run() {
  BenchResults results;
  try {
    wait_ready();
    results.context.server_version = raw_.server_version();
    warm_up_apply();
    for (const auto size : options_.sizes) {
      results.points.push_back(measure_size(size));
    }
    results.front = measure_front_door();
  } catch (...) {
    // A failed run leaves nothing in Redis either; the reason for the failure is what matters.
    try {
      evict_read_products();
    } catch (const std::exception& e) {
      say(fmt::format("could not evict the products read from Redis: {}", e.what()));
    }
    throw;
  }
  evict_read_products();
  return results;
}

std::vector<Product> BenchRun::new_products(std::int64_t count) {
  std::vector<Product> out;
  out.reserve(static_cast<std::size_t>(count));
  const auto now = domain::now_ms();
  for (std::int64_t i = 0; i < count; ++i) out.push_back(samples_.product(next_seq_++, now));
  return out;
}

std::vector<std::size_t> BenchRun::spread(std::int64_t count, std::uint64_t salt) const {
  std::vector<std::size_t> all(catalog_.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  std::mt19937_64 random(salt);
  std::shuffle(all.begin(), all.end(), random);
  all.resize(std::min(all.size(), static_cast<std::size_t>(count)));
  return all;
}

BulkOutcome BenchRun::bulk_phase(std::vector<Product> products, bool update) {
  const auto version = domain::version_now();
  const std::size_t batch = update ? RawStore::update_batch(options_.writers, options_.raw_updates_in_flight) : RawStore::kMaxBatch;
  const std::size_t chunks = (products.size() + batch - 1) / batch;
  BulkOutcome outcome;
  outcome.documents = static_cast<std::int64_t>(products.size());
  outcome.phase = ParallelRunner::run(options_.writers, chunks, phase_deadline(), [&](std::size_t i, int) {
    const auto begin = i * batch;
    const std::span<const Product> chunk(products.data() + begin, std::min(batch, products.size() - begin));
    if (update) {
      raw_.update_many(chunk, version);
    } else {
      raw_.insert_many(chunk, version);
    }
  });
  if (outcome.phase.failed > 0 || outcome.phase.timed_out) {
    throw std::runtime_error(fmt::format("raw bulk {}: {} of {} write commands failed{}: {}",
                                         update ? "update" : "insert", outcome.phase.failed, chunks,
                                         outcome.phase.timed_out ? " or did not run before the deadline" : "",
                                         outcome.phase.first_error));
  }
  return outcome;
}

void BenchRun::grow_to(std::int64_t size) {
  const auto have = raw_.count();
  if (have >= size) return;
  say(fmt::format("growing the catalog from {} to {} products (raw bulk inserts)", have, size));
  auto products = new_products(size - have);
  bulk_phase(products, false);
  catalog_.insert(catalog_.end(), products.begin(), products.end());
}

// A fresh consumer group's first commands wait for its first fetches and the store's first
// connections; applying some first keeps that out of the smallest size's figures. The products
// stay: they are part of the first catalog size.
void BenchRun::warm_up_apply() {
  constexpr std::size_t kWarmUpCreates = 500;
  const auto products = new_products(kWarmUpCreates);
  std::vector<ProductCommand> commands;
  for (const auto& product : products) commands.push_back({CommandType::Create, product, domain::version_now(), {}});
  say(fmt::format("warming up the apply path with {} create commands", commands.size()));
  apply_phase(options_.create_topic, commands);
  catalog_.insert(catalog_.end(), products.begin(), products.end());
}

SizePoint BenchRun::measure_size(std::int64_t size) {
  grow_to(size);
  SizePoint point;
  point.size = raw_.count();
  say(fmt::format("measuring at {} products", point.size));
  measure_reads(point);
  measure_updates(point);
  measure_creates(point);
  measure_grpc(point);
  point.size_after = raw_.count();
  return point;
}

void BenchRun::measure_reads(SizePoint& point) {
  // Cache-miss GET beside a raw find of the same ids: each id read once, evicted just before.
  const auto picked = spread(options_.latency_samples + kWarmupRequests, point.size);
  if (picked.size() <= static_cast<std::size_t>(kWarmupRequests)) {
    throw std::runtime_error("the catalog is too small for the read phases");
  }
  std::vector<domain::ObjectId> ids;
  for (const auto index : picked) ids.push_back(catalog_[index].id);
  cache_.evict(ids);
  read_.insert(read_.end(), ids.begin(), ids.end());
  const auto by_id = [&ids](std::size_t offset) {
    return [&ids, offset](std::uint64_t seq) { return get("/api/v1/products/" + ids[offset + seq].hex()); };
  };
  const auto samples = static_cast<std::int64_t>(ids.size()) - kWarmupRequests;
  const auto budget = std::chrono::seconds(options_.phase_timeout_s);
  say(fmt::format("cache-miss GET x {} and raw find by _id x {}", samples, samples));
  http_.run(options_.latency_clients, budget, first(kWarmupRequests, by_id(0)));
  point.get_miss = http_.run(options_.latency_clients, budget, first(samples, by_id(kWarmupRequests)));
  service_.check();
  require_answers(point.get_miss, 200, "cache-miss GET");
  point.raw_find = ParallelRunner::run(options_.latency_clients, static_cast<std::size_t>(samples), phase_deadline(),
                                       [&](std::size_t i, int) {
                                         if (!raw_.find_by_id(ids[kWarmupRequests + i])) {
                                           throw std::runtime_error("raw find: a benchmark product is missing");
                                         }
                                       });
  require_ok(point.raw_find, "raw find by _id");
  point.healthz_latency =
      http_.run(options_.latency_clients, budget, first(samples, [](std::uint64_t) { return get("/healthz"); }));

  // Search beside the server's own count and first page, within the time budget.
  const auto target = fmt::format("/api/v1/products/search?search={}&page=1&size=10",
                                  percent_encode(samples_.search_word()));
  const auto search_budget = std::chrono::seconds(options_.search_budget_s);
  say(fmt::format("search x {} (at most {} s) and the server's count + first page", options_.search_samples,
                  options_.search_budget_s));
  http_.run(options_.latency_clients, search_budget, first(3, [&](std::uint64_t) { return get(target); }));
  point.search = http_.run(options_.latency_clients, search_budget,
                           first(options_.search_samples, [&](std::uint64_t) { return get(target); }));
  service_.check();
  // A search that runs past the service's deadline (503) is a finding, not a broken run: its
  // latency counts, and the report lists the answers that were not 200.
  ParallelRunner::run(options_.latency_clients, 3, phase_deadline(),
                      [&](std::size_t, int) { raw_.search_first_page(samples_.search_word()); });
  std::atomic<std::int64_t> matches{0};
  point.raw_search = ParallelRunner::run(options_.latency_clients, static_cast<std::size_t>(options_.search_samples),
                                         Deadline::after(search_budget), [&](std::size_t, int) {
                                           matches = raw_.search_first_page(samples_.search_word());
                                         });
  require_ok(point.raw_search, "raw search");
  point.search_matches = matches;
}

ApplyTiming BenchRun::apply_phase(const std::string& topic, const std::vector<ProductCommand>& commands) {
  const auto before = watcher_.committed(topic);
  const auto started = Clock::now();
  feeder_.send(commands, phase_deadline());
  const auto end = watcher_.end(topic);
  return watcher_.wait(topic, before, end, started, std::chrono::seconds(options_.stall_timeout_s), phase_deadline());
}

void BenchRun::measure_updates(SizePoint& point) {
  const auto picked = spread(options_.apply_count, point.size + 1);
  const auto now = domain::now_ms();
  std::vector<ProductCommand> commands;
  std::vector<Product> edited;
  for (const auto index : picked) {
    auto& product = catalog_[index];
    product = samples_.edited(product, now);
    edited.push_back(product);
    commands.push_back({CommandType::Update, product, domain::version_now(), {}});
  }
  say(fmt::format("{} update commands through Kafka, then raw bulk updates by _id", commands.size()));
  point.updates = apply_phase(options_.update_topic, commands);
  for (auto& product : edited) product = samples_.edited(product, now);
  point.raw_updates = bulk_phase(std::move(edited), true);
}

void BenchRun::measure_creates(SizePoint& point) {
  auto products = new_products(options_.apply_count);
  std::vector<ProductCommand> commands;
  for (const auto& product : products) commands.push_back({CommandType::Create, product, domain::version_now(), {}});
  say(fmt::format("{} create commands through Kafka, then raw bulk inserts", commands.size()));
  point.creates_from = point.size;
  point.creates = apply_phase(options_.create_topic, commands);
  catalog_.insert(catalog_.end(), products.begin(), products.end());
  point.creates_to = point.raw_inserts_from = raw_.count();

  auto raw_products = new_products(options_.apply_count);
  point.raw_inserts = bulk_phase(raw_products, false);
  catalog_.insert(catalog_.end(), raw_products.begin(), raw_products.end());
  point.raw_inserts_to = raw_.count();
}

void BenchRun::measure_grpc(SizePoint& point) {
  say(fmt::format("gRPC Create x {}, then raw insert_one x {}, {} clients each", options_.grpc_count,
                  options_.grpc_count, options_.clients));
  std::atomic<std::uint64_t> seq{next_seq_};
  const auto create = [&](std::size_t, int) {
    const auto fields = samples_.fields(seq++);
    productsService::CreateReq request;
    request.set_categoryid(fields.category_id.hex());
    request.set_name(fields.name);
    request.set_description(fields.description);
    request.set_price(fields.price);
    request.set_imageurl(*fields.image_url);
    for (const auto& photo : fields.photos) request.add_photos(photo);
    request.set_quantity(fields.quantity);
    request.set_rating(fields.rating);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kGrpcCallTimeout);
    productsService::CreateRes response;
    const auto status = grpc_->Create(&context, request, &response);
    if (!status.ok()) {
      throw std::runtime_error(fmt::format("gRPC Create: {} {}", static_cast<int>(status.error_code()),
                                           status.error_message()));
    }
  };
  ParallelRunner::run(options_.clients, static_cast<std::size_t>(kWarmupRequests), phase_deadline(), create);
  point.grpc_creates =
      ParallelRunner::run(options_.clients, static_cast<std::size_t>(options_.grpc_count), phase_deadline(), create);
  require_ok(point.grpc_creates, "gRPC Create");
  next_seq_ = seq;

  const auto products = new_products(options_.grpc_count);
  const auto version = domain::version_now();
  point.raw_insert_ones = ParallelRunner::run(options_.clients, products.size(), phase_deadline(),
                                              [&](std::size_t i, int) { raw_.insert_one(products[i], version); });
  require_ok(point.raw_insert_ones, "raw insert_one");
  catalog_.insert(catalog_.end(), products.begin(), products.end());
}

HttpLoadResult BenchRun::rate_phase(const HttpLoad::Source& source) {
  service_.check();
  if (options_.warmup_s > 0) http_.run(options_.connections, std::chrono::seconds(options_.warmup_s), source);
  auto result = http_.run(options_.connections, std::chrono::seconds(options_.duration_s), source);
  service_.check();
  return result;
}

FrontDoor BenchRun::measure_front_door() {
  FrontDoor front;
  front.size = raw_.count();
  say(fmt::format("front door: /healthz, cached GET, POST creates, /healthz; {} connections, {} s each",
                  options_.connections, options_.duration_s));
  std::vector<std::string> cached;
  for (const auto index : spread(kCachedProducts, 7)) {
    cached.push_back("/api/v1/products/" + catalog_[index].id.hex());
    read_.push_back(catalog_[index].id);
  }
  // One read each puts them in the cache.
  http_.run(1, std::chrono::seconds(options_.phase_timeout_s),
            first(static_cast<std::int64_t>(cached.size()), [&](std::uint64_t seq) { return get(cached[seq]); }));

  const auto healthz = HttpLoad::repeat(get("/healthz"));
  front.healthz_before = rate_phase(healthz);
  require_answers(front.healthz_before, 200, "/healthz");
  front.cached_get = rate_phase([&](std::uint64_t seq) { return std::optional(get(cached[seq % cached.size()])); });
  require_answers(front.cached_get, 200, "cached GET");
  front.posts = rate_phase([&](std::uint64_t seq) {
    const auto body = adapters::json::ProductJson::encode(samples_.product(next_seq_ + seq, domain::now_ms()));
    return std::optional(HttpRequestSpec{http::verb::post, "/api/v1/products", body});
  });
  require_answers(front.posts, 202, "POST /products");
  front.healthz_after = rate_phase(healthz);
  return front;
}

void BenchRun::evict_read_products() { cache_.evict(read_); }

}  // namespace products::bench
