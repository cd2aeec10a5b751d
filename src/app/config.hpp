#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace products::app {

// Every setting of the service. Loaded from YAML, each key overridable by the environment
// variable SECTION_KEY (http.port -> HTTP_PORT). A bad or missing value stops start-up with a
// ConfigError naming the key and where the value came from.
struct Config {
  struct Service {
    std::string name;
    std::chrono::milliseconds shutdown_timeout{};
  } service;

  struct Http {
    std::string host;
    int port = 0;
    int io_threads = 0;
    int max_connections = 0;
    std::int64_t body_limit_bytes = 0;
    std::chrono::milliseconds read_timeout{};
    std::chrono::milliseconds request_timeout{};
    std::string tls_cert_file;
    std::string tls_key_file;
    std::vector<std::string> cors_allowed_origins;  // empty: none; {"*"}: any
    std::string swagger_ui_dir;
  } http;

  struct Grpc {
    std::string host;
    int port = 0;
    std::chrono::milliseconds request_timeout{};
    std::string tls_cert_file;
    std::string tls_key_file;
  } grpc;

  struct Metrics {
    std::string host;
    int port = 0;
  } metrics;

  struct Workers {
    int threads = 0;
    int queue_capacity = 0;
  } workers;

  struct Kafka {
    std::string brokers;
    std::string group_id;
    std::string compression;
    int linger_ms = 0;
    std::string create_topic;
    std::string update_topic;
    std::string delete_topic;
    std::string dead_letter_topic;
    int consumer_workers = 0;
    int consumer_batch_max = 0;
    int max_attempts = 0;
    std::chrono::milliseconds retry_backoff_max{};
    std::chrono::milliseconds retry_timeout_max{};
    std::chrono::milliseconds session_timeout{};
    std::chrono::milliseconds commit_interval{};
  } kafka;

  struct Mongo {
    std::string uri;
    std::string database;
    std::string collection;
    std::string idempotency_collection;
    std::string write_concern;
    std::chrono::milliseconds timeout{};
    int pool_size = 0;
  } mongo;

  struct Redis {
    std::string host;
    int port = 0;
    std::string password;
    int db = 0;
    int pool_size = 0;
    std::chrono::seconds ttl{};
    std::string key_prefix;
  } redis;

  struct Idempotency {
    std::chrono::seconds retention{};  // how long the first create of an Idempotency-Key is remembered
  } idempotency;

  struct Logging {
    std::string level;
  } logging;

  struct Tracing {
    std::string endpoint;  // OTLP/HTTP base URL; empty: no spans are exported
    double sample_ratio = 1.0;
    int queue_size = 0;
  } tracing;

  // `env` looks a variable up (std::getenv in production, a map in tests).
  using Environment = std::function<const char*(const char*)>;
  static Config load_file(const std::string& path, const Environment& env);
  static Config load_text(const std::string& yaml, const Environment& env);
};

}  // namespace products::app
