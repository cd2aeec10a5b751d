#include "app/json_log_formatter.hpp"

#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

#include "adapters/telemetry/active_context.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::app {
namespace {

boost::json::object formatted(const char* text) {
  JsonLogFormatter formatter;
  spdlog::memory_buf_t out;
  formatter.format(spdlog::details::log_msg("products-service", spdlog::level::warn, text), out);
  const std::string line(out.data(), out.size());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line per record";
  return boost::json::parse(line).as_object();
}

TEST(JsonLogFormatterTest, OneJsonObjectPerLineWithTheMessageEscaped) {
  const auto line = formatted("quote \" backslash \\ newline \n tab \t bell \a");
  EXPECT_EQ(line.at("level").as_string(), "warning");
  EXPECT_EQ(line.at("logger").as_string(), "products-service");
  EXPECT_EQ(line.at("message").as_string(), "quote \" backslash \\ newline \n tab \t bell \a");
  EXPECT_TRUE(line.at("thread").is_number());
  EXPECT_FALSE(line.contains("trace_id")) << "no span is active";
  EXPECT_FALSE(line.contains("span_id"));
}

TEST(JsonLogFormatterTest, ALineLoggedForASpanNamesItsTraceAndSpan) {
  const auto span = adapters::telemetry::W3cTraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(span);
  {
    const adapters::telemetry::ActiveContext::Scope scope(*span);
    const auto line = formatted("applied");
    EXPECT_EQ(line.at("trace_id").as_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(line.at("span_id").as_string(), "00f067aa0ba902b7");
  }
  EXPECT_FALSE(formatted("after the scope").contains("trace_id"));
}

}  // namespace
}  // namespace products::app
