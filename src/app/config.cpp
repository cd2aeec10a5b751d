#include "app/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "adapters/http/header_list.hpp"
#include "app/config_error.hpp"

namespace products::app {

namespace {

std::string env_name(std::string_view key) {
  std::string name(key);
  for (auto& c : name) c = c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Reads one key at a time from the environment first, then the YAML document; remembers which
// keys it knows so that a misspelt key in the file is reported instead of silently ignored.
class Binder {
 public:
  Binder(YAML::Node root, const Config::Environment& env) : root_(std::move(root)), env_(env) {}

  void text(std::string_view key, std::string& out, bool allow_empty = false) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    if (!allow_empty && value.empty()) fail(key, source, "must not be empty");
    out = value;
  }

  void integer(std::string_view key, int& out, long min, long max) {
    std::int64_t wide = 0;
    integer64(key, wide, min, max);
    out = static_cast<int>(wide);
  }

  void integer64(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    std::int64_t parsed = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
    if (ec != std::errc() || ptr != end || parsed < min || parsed > max) {
      fail(key, source, fmt::format("must be an integer from {} to {}, got '{}'", min, max, value));
    }
    out = parsed;
  }

  // A text value with a rule of its own, checked here so that the message names the source too.
  template <typename Rule>
  void text_where(std::string_view key, std::string& out, Rule ok, std::string_view expected) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    if (!ok(value)) fail(key, source, fmt::format("{}, got '{}'", expected, value));
    out = value;
  }

  // A comma-separated list whose every item passes `ok`; empty items (spaces, a trailing comma)
  // are dropped.
  template <typename Rule>
  void list_where(std::string_view key, std::vector<std::string>& out, Rule ok, std::string_view expected) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    out.clear();
    for (const auto item : adapters::http::split_list(value)) {
      if (!ok(item)) fail(key, source, fmt::format("{}, got '{}'", expected, item));
      out.emplace_back(item);
    }
  }

  template <typename Duration>
  void duration(std::string_view key, Duration& out, std::int64_t min, std::int64_t max) {
    std::int64_t count = 0;
    integer64(key, count, min, max);
    out = Duration(count);
  }

  void ratio(std::string_view key, double& out) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    double parsed = -1;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
    if (ec != std::errc() || ptr != end || !(parsed >= 0.0 && parsed <= 1.0)) {
      fail(key, source, fmt::format("must be a number from 0 to 1, got '{}'", value));
    }
    out = parsed;
  }

  void choice(std::string_view key, std::string& out, std::initializer_list<std::string_view> options) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    if (std::find(options.begin(), options.end(), value) == options.end()) {
      fail(key, source, fmt::format("must be one of {}, got '{}'", fmt::join(options, ", "), value));
    }
    out = value;
  }

  void address(std::string_view key, std::string& host, int& port) {
    const auto found = raw(key);
    if (!found) return;
    const auto& [value, source] = *found;
    const auto colon = value.rfind(':');
    int parsed = -1;
    if (colon != std::string::npos && colon > 0) {
      const auto* end = value.data() + value.size();
      const auto [ptr, ec] = std::from_chars(value.data() + colon + 1, end, parsed);
      if (ec != std::errc() || ptr != end) parsed = -1;
    }
    if (parsed < 1 || parsed > 65535) fail(key, source, fmt::format("must be host:port, got '{}'", value));
    host = value.substr(0, colon);
    port = parsed;
  }

  // Called after every key was read, when the set of keys the service reads is complete: the
  // first missing key, with the keys of its section the service does not read (most likely a
  // misspelling of it), else the first key in the file the service does not read.
  void finish() const {
    const auto unknown = unknown_keys();
    if (!missing_.empty()) {
      const auto& key = missing_.front();
      const auto section = key.substr(0, key.find('.') + 1);
      std::string message = fmt::format("config: {} is missing (set it in the file or in {})", key, env_name(key));
      std::vector<std::string> near;
      for (const auto& other : unknown) {
        if (other.starts_with(section)) near.push_back("'" + other + "'");
      }
      if (!near.empty()) message += fmt::format("; the file has {}, which the service does not read", fmt::join(near, ", "));
      throw ConfigError(message);
    }
    if (!unknown.empty()) throw ConfigError(fmt::format("config: unknown key '{}' in the file", unknown.front()));
  }

 private:
  struct Raw {
    std::string value;
    std::string source;
  };

  // The value and where it came from, or nothing when neither source has it.
  std::optional<Raw> raw(std::string_view key) {
    known_.emplace(key);
    const auto variable = env_name(key);
    if (const char* value = env_(variable.c_str())) return Raw{value, "environment variable " + variable};
    const auto dot = key.find('.');
    const std::string section(key.substr(0, dot)), name(key.substr(dot + 1));
    YAML::Node node;
    if (root_.IsMap() && root_[section] && root_[section].IsMap()) node = root_[section][name];
    if (!node || node.IsNull()) {
      missing_.emplace_back(key);
      return std::nullopt;
    }
    if (!node.IsScalar()) fail(key, "the file", "must be a single value");
    return Raw{node.Scalar(), "the file"};
  }

  // Keys in the file, in file order, that no reader asked for.
  std::vector<std::string> unknown_keys() const {
    std::vector<std::string> unknown;
    if (!root_.IsMap()) return unknown;
    for (const auto& section : root_) {
      const auto name = key_text(section.first);
      if (!section.second.IsMap()) {
        if (!known_.contains(name)) unknown.push_back(name);
        continue;
      }
      for (const auto& entry : section.second) {
        auto key = name + "." + key_text(entry.first);
        if (!known_.contains(key)) unknown.push_back(std::move(key));
      }
    }
    return unknown;
  }

  // A key as the file spells it. YAML lets a key be any node (`? [a]`, or `? :`, a null one), which
  // as<std::string>() throws for (found by tests/fuzz/config_loader); no such key is one the service
  // reads, and its YAML text names it in the error.
  static std::string key_text(const YAML::Node& key) { return key.IsScalar() ? key.Scalar() : YAML::Dump(key); }

  [[noreturn]] static void fail(std::string_view key, const std::string& source, const std::string& problem) {
    throw ConfigError(fmt::format("config: {} {} (from {})", key, problem, source));
  }

  YAML::Node root_;
  const Config::Environment& env_;
  std::set<std::string, std::less<>> known_;
  std::vector<std::string> missing_;
};

// What a browser sends in `Origin`: scheme://host[:port], nothing after it; or the wildcard.
bool is_origin(std::string_view v) {
  if (v == "*") return true;
  std::string_view host;
  if (v.starts_with("http://")) {
    host = v.substr(7);
  } else if (v.starts_with("https://")) {
    host = v.substr(8);
  } else {
    return false;
  }
  return !host.empty() && host.find_first_of("/?#* ") == std::string_view::npos;
}

Config bind(Binder& b) {
  Config c;
  constexpr long kPortMax = 65535;
  b.text("service.name", c.service.name);
  b.duration("service.shutdown_timeout_ms", c.service.shutdown_timeout, 100, 600000);

  b.text("http.host", c.http.host);
  b.integer("http.port", c.http.port, 0, kPortMax);
  b.integer("http.io_threads", c.http.io_threads, 1, 256);
  b.integer("http.max_connections", c.http.max_connections, 1, 1000000);
  b.integer64("http.body_limit_bytes", c.http.body_limit_bytes, 1024, 1LL << 30);
  b.duration("http.read_timeout_ms", c.http.read_timeout, 100, 3600000);
  b.duration("http.request_timeout_ms", c.http.request_timeout, 10, 600000);
  b.text("http.tls_cert_file", c.http.tls_cert_file, true);
  b.text("http.tls_key_file", c.http.tls_key_file, true);
  b.list_where("http.cors_allowed_origins", c.http.cors_allowed_origins, is_origin,
               "must list origins such as https://shop.example:8443 (scheme and host, no path) or *");
  b.text("http.swagger_ui_dir", c.http.swagger_ui_dir);

  b.text("grpc.host", c.grpc.host);
  b.integer("grpc.port", c.grpc.port, 0, kPortMax);
  b.duration("grpc.request_timeout_ms", c.grpc.request_timeout, 10, 600000);
  b.text("grpc.tls_cert_file", c.grpc.tls_cert_file, true);
  b.text("grpc.tls_key_file", c.grpc.tls_key_file, true);

  b.text("metrics.host", c.metrics.host);
  b.integer("metrics.port", c.metrics.port, 0, kPortMax);

  b.integer("workers.threads", c.workers.threads, 1, 1024);
  b.integer("workers.queue_capacity", c.workers.queue_capacity, 1, 1000000);

  b.text("kafka.brokers", c.kafka.brokers);
  b.text("kafka.group_id", c.kafka.group_id);
  b.choice("kafka.compression", c.kafka.compression, {"lz4", "snappy", "zstd", "none"});
  b.integer("kafka.linger_ms", c.kafka.linger_ms, 0, 10000);
  b.text("kafka.create_topic", c.kafka.create_topic);
  b.text("kafka.update_topic", c.kafka.update_topic);
  b.text("kafka.delete_topic", c.kafka.delete_topic);
  b.text("kafka.dead_letter_topic", c.kafka.dead_letter_topic);
  b.integer("kafka.consumer_workers", c.kafka.consumer_workers, 1, 256);
  b.integer("kafka.consumer_batch_max", c.kafka.consumer_batch_max, 1, 4096);
  b.integer("kafka.max_attempts", c.kafka.max_attempts, 1, 100);
  b.duration("kafka.retry_backoff_max_ms", c.kafka.retry_backoff_max, 10, 600000);
  b.duration("kafka.retry_timeout_max_ms", c.kafka.retry_timeout_max, 10, 3600000);
  // The broker's default group.{min,max}.session.timeout.ms bound it.
  b.duration("kafka.session_timeout_ms", c.kafka.session_timeout, 6000, 300000);
  b.duration("kafka.commit_interval_ms", c.kafka.commit_interval, 10, 60000);

  b.text_where(
      "mongo.uri", c.mongo.uri,
      [](const std::string& v) { return v.starts_with("mongodb://") || v.starts_with("mongodb+srv://"); },
      "must start with mongodb:// or mongodb+srv://");
  b.text("mongo.database", c.mongo.database);
  b.text("mongo.collection", c.mongo.collection);
  b.text("mongo.idempotency_collection", c.mongo.idempotency_collection);
  b.text_where(
      "mongo.write_concern", c.mongo.write_concern,
      [](const std::string& v) {
        return v == "majority" ||
               (!v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char ch) { return std::isdigit(ch); }));
      },
      "must be a number or 'majority'");
  b.duration("mongo.timeout_ms", c.mongo.timeout, 10, 600000);
  b.integer("mongo.pool_size", c.mongo.pool_size, 1, 1000);

  b.address("redis.addr", c.redis.host, c.redis.port);
  b.text("redis.password", c.redis.password, true);
  b.integer("redis.db", c.redis.db, 0, 15);
  b.integer("redis.pool_size", c.redis.pool_size, 1, 1000);
  b.duration("redis.ttl_seconds", c.redis.ttl, 1, 31536000);
  b.text("redis.key_prefix", c.redis.key_prefix);

  // At most a year, as the cache's TTL: a key is a client's retry window, not an archive.
  b.duration("idempotency.retention_seconds", c.idempotency.retention, 1, 31536000);

  b.choice("logging.level", c.logging.level, {"trace", "debug", "info", "warn", "error"});

  b.text_where(
      "tracing.endpoint", c.tracing.endpoint,
      [](const std::string& v) { return v.empty() || (v.starts_with("http://") && v.size() > 7); },
      "must be empty (tracing off) or an OTLP/HTTP URL such as http://127.0.0.1:4318");
  b.ratio("tracing.sample_ratio", c.tracing.sample_ratio);
  b.integer("tracing.queue_size", c.tracing.queue_size, 1, 1000000);
  b.finish();

  if (c.http.tls_cert_file.empty() != c.http.tls_key_file.empty()) {
    throw ConfigError("config: http.tls_cert_file and http.tls_key_file must be set together");
  }
  if (c.grpc.tls_cert_file.empty() != c.grpc.tls_key_file.empty()) {
    throw ConfigError("config: grpc.tls_cert_file and grpc.tls_key_file must be set together");
  }
  if (c.kafka.retry_timeout_max < c.mongo.timeout) {
    throw ConfigError(fmt::format("config: kafka.retry_timeout_max_ms ({}) must not be below mongo.timeout_ms ({})",
                                  c.kafka.retry_timeout_max.count(), c.mongo.timeout.count()));
  }
  return c;
}

}  // namespace

Config Config::load_text(const std::string& yaml, const Environment& env) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("config: the file is not valid YAML: {}", e.what()));
  }
  Binder binder(root, env);
  return bind(binder);
}

Config Config::load_file(const std::string& path, const Environment& env) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("config: cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return load_text(text.str(), env);
  } catch (const ConfigError& e) {
    throw ConfigError(fmt::format("{} [{}]", e.what(), path));
  }
}

}  // namespace products::app
