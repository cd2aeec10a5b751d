#include "app/json_log_formatter.hpp"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "adapters/telemetry/active_context.hpp"

namespace products::app {

namespace {

void append_escaped(spdlog::memory_buf_t& dest, spdlog::string_view_t text) {
  for (const char c : text) {
    switch (c) {
      case '"': dest.append(std::string_view("\\\"")); break;
      case '\\': dest.append(std::string_view("\\\\")); break;
      case '\n': dest.append(std::string_view("\\n")); break;
      case '\r': dest.append(std::string_view("\\r")); break;
      case '\t': dest.append(std::string_view("\\t")); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(dest), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          dest.push_back(c);
        }
    }
  }
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const auto time = std::chrono::time_point_cast<std::chrono::milliseconds>(msg.time);
  const auto level = spdlog::level::to_string_view(msg.level);
  fmt::format_to(std::back_inserter(dest), R"({{"time":"{:%Y-%m-%dT%H:%M:%S}Z","level":")", time);
  dest.append(level.data(), level.data() + level.size());
  dest.append(std::string_view(R"(","logger":")"));
  append_escaped(dest, msg.logger_name);
  dest.append(std::string_view(R"(","message":")"));
  append_escaped(dest, msg.payload);
  fmt::format_to(std::back_inserter(dest), R"(","thread":{})", msg.thread_id);
  // The span the line was logged for, as OpenTelemetry's log data model names it.
  if (const auto& span = adapters::telemetry::ActiveContext::current(); span.valid()) {
    fmt::format_to(std::back_inserter(dest), R"(,"trace_id":"{}","span_id":"{}")", span.trace_id_hex(),
                   span.span_id_hex());
  }
  dest.push_back('}');
  dest.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace products::app
