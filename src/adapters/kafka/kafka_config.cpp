#include "adapters/kafka/kafka_config.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

spdlog::level::level_enum to_spdlog(int syslog_level) {
  if (syslog_level <= 3) return spdlog::level::err;
  if (syslog_level == 4) return spdlog::level::warn;
  if (syslog_level <= 6) return spdlog::level::info;
  return spdlog::level::debug;
}

void log_to_spdlog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  spdlog::log(to_spdlog(level), "kafka {} {}: {}", rk ? rd_kafka_name(rk) : "-", facility, message);
}

// Without an error callback librdkafka only logs these; routing them here gives them one level:
// the client retries on its own, so a broker going away is a warning, not an error.
void error_to_spdlog(rd_kafka_t* rk, int err, const char* reason, void*) {
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  const bool fatal = code == RD_KAFKA_RESP_ERR__FATAL;
  spdlog::log(fatal ? spdlog::level::critical : spdlog::level::warn, "kafka {} {}: {}", rd_kafka_name(rk),
              rd_kafka_err2name(code), reason);
}

}  // namespace

KafkaConfig::KafkaConfig() : conf_(rd_kafka_conf_new()) {
  rd_kafka_conf_set_log_cb(conf_.get(), log_to_spdlog);
  rd_kafka_conf_set_error_cb(conf_.get(), error_to_spdlog);
}

KafkaConfig::KafkaConfig(const Properties& properties) : KafkaConfig() { set(properties); }

KafkaConfig& KafkaConfig::set(const std::string& key, const std::string& value) {
  char errstr[512];
  if (rd_kafka_conf_set(conf_.get(), key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    throw domain::Error(domain::ErrorKind::InvalidArgument, fmt::format("kafka property \"{}\": {}", key, errstr),
                        {{key, errstr}});
  }
  return *this;
}

KafkaConfig& KafkaConfig::set(const Properties& properties) {
  for (const auto& [key, value] : properties) set(key, value);
  return *this;
}

KafkaPtr KafkaConfig::create(rd_kafka_type_t type) && {
  char errstr[512];
  KafkaPtr client(rd_kafka_new(type, conf_.get(), errstr, sizeof errstr));
  if (!client) {
    throw domain::Error(domain::ErrorKind::InvalidArgument, fmt::format("kafka client: {}", errstr));
  }
  // rd_kafka_new took ownership of the configuration.
  static_cast<void>(conf_.release());
  return client;
}

}  // namespace products::adapters::kafka
