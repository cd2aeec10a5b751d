#include "app/application.hpp"

#include <chrono>
#include <csignal>
#include <exception>
#include <memory>
#include <span>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/grpc/grpc_server.hpp"
#include "adapters/grpc/grpc_log.hpp"
#include "adapters/grpc/protobuf_log.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/http/rest_api.hpp"
#include "adapters/kafka/command_consumer.hpp"
#include "adapters/kafka/kafka_command_publisher.hpp"
#include "adapters/metrics/metrics_server.hpp"
#include "adapters/metrics/service_metrics.hpp"
#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/mongo_driver.hpp"
#include "adapters/mongo/mongo_idempotency_store.hpp"
#include "adapters/mongo/mongo_product_repository.hpp"
#include "adapters/mongo/mongo_schema.hpp"
#include "adapters/redis/redis_cached_product_reader.hpp"
#include "adapters/redis/redis_product_cache.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "adapters/telemetry/traced_cached_product_reader.hpp"
#include "adapters/telemetry/traced_idempotency_store.hpp"
#include "adapters/telemetry/traced_product_cache.hpp"
#include "adapters/telemetry/traced_product_repository.hpp"
#include "adapters/telemetry/tracing.hpp"
#include "app/readiness_prober.hpp"
#include "domain/error.hpp"
#include "usecase/guarded_cached_product_reader.hpp"
#include "usecase/product_service.hpp"

namespace products::app {

namespace {

using domain::Deadline;

// A replay is one DEL, or after an overflow a SCAN of the cache namespace, 500 keys a step.
constexpr std::chrono::seconds kInvalidationReplayBudget{10};

adapters::mongo::MongoConfig mongo_config(const Config& c, usecase::OperationObserver& observer) {
  adapters::mongo::MongoConfig m;
  m.uri = c.mongo.uri;
  m.database = c.mongo.database;
  m.collection = c.mongo.collection;
  m.idempotency_collection = c.mongo.idempotency_collection;
  m.app_name = c.service.name;
  if (c.mongo.write_concern == "majority") {
    m.write_concern_w = c.mongo.write_concern;
  } else {
    m.write_concern_w = static_cast<std::int32_t>(std::stoi(c.mongo.write_concern));
  }
  m.write_concern_timeout = c.mongo.timeout;
  m.server_selection_timeout = c.mongo.timeout;
  m.pool_max_size = c.mongo.pool_size;
  m.observer = &observer;
  return m;
}

adapters::redis::RedisConfig redis_config(const Config& c, usecase::OperationObserver& observer) {
  adapters::redis::RedisConfig r;
  r.host = c.redis.host;
  r.port = c.redis.port;
  if (!c.redis.password.empty()) r.password = c.redis.password;
  r.db = c.redis.db;
  r.pool_size = static_cast<std::size_t>(c.redis.pool_size);
  r.ttl = c.redis.ttl;
  r.key_prefix = c.redis.key_prefix;
  r.observer = &observer;
  return r;
}

adapters::telemetry::TracingOptions tracing_options(const Config& c, adapters::telemetry::ExportObserver& observer) {
  adapters::telemetry::TracingOptions t;
  t.endpoint = c.tracing.endpoint;
  t.sample_ratio = c.tracing.sample_ratio;
  t.service_name = c.service.name;
  t.service_version = PRODUCTS_VERSION;
  t.batch.max_queue = static_cast<std::size_t>(c.tracing.queue_size);
  t.observer = &observer;
  return t;
}

adapters::telemetry::DatabaseTarget mongo_target(const Config& c, const std::string& collection) {
  // server.address of the first host of the URI, as far as it can be read without the driver.
  auto hosts = c.mongo.uri.substr(c.mongo.uri.find("://") + 3);
  hosts = hosts.substr(hosts.find('@') == std::string::npos ? 0 : hosts.find('@') + 1);
  hosts = hosts.substr(0, hosts.find_first_of(",/?"));
  const auto colon = hosts.rfind(':');
  const int port = colon == std::string::npos ? 27017 : std::atoi(hosts.c_str() + colon + 1);
  return {"mongodb", c.mongo.database, collection, hosts.substr(0, colon), port};
}

adapters::telemetry::DatabaseTarget redis_target(const Config& c) {
  return {"redis", std::to_string(c.redis.db), "", c.redis.host, c.redis.port};
}

adapters::kafka::CommandTopics command_topics(const Config& c) {
  adapters::kafka::CommandTopics t;
  t.create = c.kafka.create_topic;
  t.update = c.kafka.update_topic;
  t.remove = c.kafka.delete_topic;
  return t;
}

adapters::kafka::PublisherOptions publisher_options(const Config& c, adapters::kafka::ProducerObserver& observer,
                                                    const adapters::telemetry::Tracer& tracer) {
  adapters::kafka::PublisherOptions p;
  p.brokers = c.kafka.brokers;
  p.topics = command_topics(c);
  p.compression = c.kafka.compression;
  p.linger = std::chrono::milliseconds(c.kafka.linger_ms);
  p.observer = &observer;
  p.tracer = &tracer;
  return p;
}

adapters::kafka::ConsumerOptions consumer_options(const Config& c, adapters::metrics::ServiceMetrics& metrics,
                                                  const adapters::telemetry::Tracer& tracer) {
  adapters::kafka::ConsumerOptions o;
  o.brokers = c.kafka.brokers;
  o.group_id = c.kafka.group_id;
  o.topics = command_topics(c);
  o.dead_letter_topic = c.kafka.dead_letter_topic;
  o.workers = static_cast<std::size_t>(c.kafka.consumer_workers);
  o.batch_max = static_cast<std::size_t>(c.kafka.consumer_batch_max);
  o.retry.timeout = c.mongo.timeout;
  o.retry.max_timeout = c.kafka.retry_timeout_max;
  o.retry.max = c.kafka.retry_backoff_max;
  o.retry.max_attempts = c.kafka.max_attempts;
  o.session_timeout = c.kafka.session_timeout;
  o.commit_interval = c.kafka.commit_interval;
  o.observer = &metrics.kafka_consumer();
  o.dead_letter_observer = &metrics.kafka_producer();
  o.tracer = &tracer;
  return o;
}

adapters::http::HttpConfig http_config(const Config& c, adapters::http::RequestObserver& observer,
                                       const adapters::telemetry::Tracer& tracer) {
  adapters::http::HttpConfig h;
  h.host = c.http.host;
  h.port = static_cast<std::uint16_t>(c.http.port);
  h.io_threads = static_cast<std::size_t>(c.http.io_threads);
  h.max_connections = static_cast<std::size_t>(c.http.max_connections);
  h.body_limit_bytes = static_cast<std::size_t>(c.http.body_limit_bytes);
  h.read_timeout = c.http.read_timeout;
  h.request_timeout = c.http.request_timeout;
  h.tls_cert_file = c.http.tls_cert_file;
  h.tls_key_file = c.http.tls_key_file;
  h.cors_allowed_origins = c.http.cors_allowed_origins;
  h.swagger_ui_dir = c.http.swagger_ui_dir;
  h.observer = &observer;
  h.tracer = &tracer;
  return h;
}

adapters::grpc::GrpcConfig grpc_config(const Config& c, const adapters::telemetry::Tracer& tracer) {
  adapters::grpc::GrpcConfig g;
  g.address = fmt::format("{}:{}", c.grpc.host, c.grpc.port);
  g.cert_file = c.grpc.tls_cert_file;
  g.key_file = c.grpc.tls_key_file;
  g.max_deadline = c.grpc.request_timeout;
  g.tracer = &tracer;
  return g;
}

}  // namespace

// Members are declared in dependency order: destruction runs in reverse, so nothing outlives
// what it uses.
struct Application::Parts {
  explicit Parts(const Config& c)
      : config(c),
        metrics({PRODUCTS_VERSION, PRODUCTS_REVISION}),
        tracing(tracing_options(c, metrics.tracing())),
        mongo_pool(mongo_config(c, metrics.mongodb())),
        repository(mongo_pool),
        traced_repository(repository, tracing.tracer(), mongo_target(c, c.mongo.collection)),
        schema(mongo_pool),
        cache(redis_config(c, metrics.redis())),
        traced_cache(cache, tracing.tracer(), redis_target(c)),
        publisher(publisher_options(c, metrics.kafka_producer(), tracing.tracer())),
        // Expired records are purged at least once per window, and at most once a minute.
        idempotency(mongo_pool, c.idempotency.retention,
                    std::min<std::chrono::milliseconds>(c.idempotency.retention, std::chrono::minutes(1))),
        traced_idempotency(idempotency, tracing.tracer(), mongo_target(c, c.mongo.idempotency_collection)),
        service(traced_repository, traced_cache, publisher, metrics.cache(), traced_idempotency),
        workers(static_cast<std::size_t>(c.workers.threads), static_cast<std::size_t>(c.workers.queue_capacity),
                "blocking"),
        consumer(consumer_options(c, metrics, tracing.tracer()),
                 adapters::kafka::CommandConsumer::OutcomeHandler(
                     [this](std::span<const domain::ProductCommand> commands, Deadline deadline) {
                       using Result = usecase::ProductService::ApplyResult;
                       std::vector<adapters::kafka::CommandConsumer::Outcome> outcomes;
                       for (auto& outcome : service.apply_batch(commands, deadline)) {
                         outcomes.push_back({outcome.error, !outcome.error && outcome.result == Result::Ignored});
                       }
                       return outcomes;
                     })),
        prober(std::chrono::seconds(1)),
        http_io(std::make_shared<boost::asio::io_context>(c.http.io_threads)),
        cached_reader(http_io->get_executor(), redis_config(c, metrics.redis()), metrics.cache()),
        traced_reader(cached_reader, tracing.tracer(), redis_target(c)),
        guarded_reader(traced_reader, service.pending_invalidations()),
        rest_api(service, guarded_reader, workers, http_config(c, metrics.http(), tracing.tracer()),
                 [this] { return prober.failing(); }),
        http(http_config(c, metrics.http(), tracing.tracer()), rest_api.handler(), http_io),
        grpc(grpc_config(c, tracing.tracer()), service, workers, &metrics.grpc()) {
    prober.add("kafka", [this](Deadline d) {
      if (!publisher.ping(d)) throw domain::Error::unavailable("no Kafka broker answered");
    });
    prober.add("mongodb", [this](Deadline d) {
      repository.ping(d);
      // Indexes are made once MongoDB first answers, so that the service can start before it.
      if (!indexes_ready) {
        schema.ensure_collection(d);
        schema.ensure_indexes(d);
        indexes_ready = true;
        spdlog::info("mongodb: collection and indexes are in place");
      }
    });
    prober.add("redis", [this](Deadline d) {
      cache.ping(d);
      // As soon as Redis answers again. A flush of the whole cache (after too many failed
      // invalidations) may outlast a probe's deadline; the other probes wait for it, rarely. A
      // replay that fails leaves Redis ready: its products are read from MongoDB meanwhile.
      try {
        service.replay_invalidations(Deadline::after(kInvalidationReplayBudget));
      } catch (const std::exception& error) {
        spdlog::warn("redis: replaying the failed cache invalidations failed ({}); retrying in a second",
                     error.what());
      }
    });
  }

  const Config& config;
  // Before anything that uses protobuf or gRPC, which then log through them until everything is gone.
  adapters::grpc::ProtobufLog protobuf_log;
  adapters::grpc::GrpcLog grpc_log;
  // First of the others, so that every adapter reporting to it goes before it.
  adapters::metrics::ServiceMetrics metrics;
  // Next, so that every span ends before the exporter goes; its destructor flushes what is queued.
  adapters::telemetry::Tracing tracing;
  adapters::mongo::MongoDriver mongo_driver;
  adapters::mongo::MongoClientPool mongo_pool;
  adapters::mongo::MongoProductRepository repository;
  adapters::telemetry::TracedProductRepository traced_repository;
  adapters::mongo::MongoSchema schema;
  bool indexes_ready = false;  // prober thread only
  adapters::redis::RedisProductCache cache;
  adapters::telemetry::TracedProductCache traced_cache;
  adapters::kafka::KafkaCommandPublisher publisher;
  adapters::mongo::MongoIdempotencyStore idempotency;
  adapters::telemetry::TracedIdempotencyStore traced_idempotency;
  usecase::ProductService service;
  adapters::runtime::WorkPool workers;
  adapters::kafka::CommandConsumer consumer;
  ReadinessProber prober;
  // Cache hits are read on the HTTP I/O threads, so the reader's connections share their io_context.
  std::shared_ptr<boost::asio::io_context> http_io;
  adapters::redis::RedisCachedProductReader cached_reader;
  adapters::telemetry::TracedCachedProductReader traced_reader;
  usecase::GuardedCachedProductReader guarded_reader;
  adapters::http::RestApi rest_api;
  adapters::http::HttpServer http;
  adapters::grpc::GrpcServer grpc;
  // Bound in run(), with the other listeners.
  std::unique_ptr<adapters::metrics::MetricsServer> metrics_server;
};

Application::Application(const Config& config) : parts_(std::make_unique<Parts>(config)) {}

Application::~Application() = default;

void Application::block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int Application::run() {
  auto& p = *parts_;
  p.prober.start();
  p.consumer.start();
  p.http.start();
  p.grpc.start();
  p.metrics_server =
      std::make_unique<adapters::metrics::MetricsServer>(p.config.metrics.host, p.config.metrics.port, p.metrics);
  spdlog::info("products-service is serving: http {}{} on port {}, grpc on port {}, metrics on port {}; {}",
               p.config.http.host, p.http.tls() ? " (tls)" : "", p.http.port(), p.grpc.port(),
               p.metrics_server->port(),
               p.tracing.enabled() ? fmt::format("traces to {} (sample ratio {})", p.config.tracing.endpoint,
                                                 p.config.tracing.sample_ratio)
                                   : std::string("tracing off (no tracing.endpoint)"));

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signo = 0;
  sigwait(&set, &signo);

  // Readiness goes first so that load balancers stop sending traffic while requests drain.
  const auto deadline = Deadline::after(p.config.service.shutdown_timeout);
  spdlog::info("received {}, shutting down within {} ms", signo == SIGINT ? "SIGINT" : "SIGTERM",
               p.config.service.shutdown_timeout.count());
  p.rest_api.set_shutting_down();
  p.grpc.set_serving(false);
  p.http.stop(deadline);
  p.grpc.shutdown(deadline);
  p.consumer.stop(deadline);
  const bool flushed = p.publisher.flush(deadline);
  p.workers.stop();
  p.prober.stop();
  // After the last request and record: their spans are queued by now.
  p.tracing.shutdown(deadline);
  if (!flushed) spdlog::warn("shutdown: some Kafka deliveries were still pending at the deadline");
  spdlog::info("products-service stopped");
  return 0;
}

}  // namespace products::app
