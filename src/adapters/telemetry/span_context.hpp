#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace products::adapters::telemetry {

using TraceId = std::array<std::uint8_t, 16>;
using SpanId = std::array<std::uint8_t, 8>;

// The part of a span that crosses process boundaries (W3C Trace Context): which trace, which
// span, whether the trace is sampled, and the vendors' opaque `tracestate`. A default-made
// context is invalid (all-zero ids) and stands for "no parent".
class SpanContext {
 public:
  SpanContext() = default;
  SpanContext(const TraceId& trace_id, const SpanId& span_id, bool sampled, std::string trace_state = {});

  static TraceId random_trace_id();
  static SpanId random_span_id();

  bool valid() const noexcept;
  const TraceId& trace_id() const noexcept { return trace_id_; }
  const SpanId& span_id() const noexcept { return span_id_; }
  bool sampled() const noexcept { return sampled_; }
  const std::string& trace_state() const noexcept { return trace_state_; }

  // Lowercase hex, as in `traceparent` and in OTLP/JSON.
  std::string trace_id_hex() const;
  std::string span_id_hex() const;
  static std::string hex(const SpanId& id);

 private:
  TraceId trace_id_{};
  SpanId span_id_{};
  bool sampled_ = false;
  std::string trace_state_;
};

}  // namespace products::adapters::telemetry
