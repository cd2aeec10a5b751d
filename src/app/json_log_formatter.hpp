#pragma once

#include <memory>

#include <spdlog/formatter.h>

namespace products::app {

// Renders each record as one JSON line: {"time","level","logger","message","thread"}, plus
// "trace_id" and "span_id" when the thread works for a span, so that log shippers can parse stdout
// without a grok pattern and a log line leads to its trace.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace products::app
