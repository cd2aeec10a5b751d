#include "adapters/grpc/protobuf_log.hpp"

#include <string>

#include <spdlog/spdlog.h>

namespace products::adapters::grpc {

namespace {

// protobuf logs an ERROR for every request that holds a proto3 string which is not UTF-8. That is
// the caller's mistake: WireMessage answers it INVALID_ARGUMENT naming the field, and the service
// logs no caller's mistake above debug, lest a client fill the log with errors.
bool is_request_utf8_refusal(const std::string& message) {
  return message.find("invalid UTF-8 data when parsing") != std::string::npos;
}

spdlog::level::level_enum to_spdlog(google::protobuf::LogLevel level) {
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO: return spdlog::level::info;
    case google::protobuf::LOGLEVEL_WARNING: return spdlog::level::warn;
    case google::protobuf::LOGLEVEL_ERROR: return spdlog::level::err;
    case google::protobuf::LOGLEVEL_FATAL: return spdlog::level::critical;
  }
  return spdlog::level::err;
}

void log_to_spdlog(google::protobuf::LogLevel level, const char* filename, int line, const std::string& message) {
  const auto mapped = is_request_utf8_refusal(message) ? spdlog::level::debug : to_spdlog(level);
  spdlog::log(mapped, "protobuf {}:{}: {}", filename, line, message);
}

}  // namespace

ProtobufLog::ProtobufLog() : previous_(google::protobuf::SetLogHandler(log_to_spdlog)) {}

ProtobufLog::~ProtobufLog() { google::protobuf::SetLogHandler(previous_); }

}  // namespace products::adapters::grpc
