#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/telemetry/span_context.hpp"

namespace products::adapters::telemetry {

// W3C Trace Context headers (https://www.w3.org/TR/trace-context/): `traceparent` names the
// caller's span, `tracestate` carries vendors' data along unchanged.
class W3cTraceContext {
 public:
  // The remote parent named by `traceparent`, or nullopt when it is absent or malformed: the
  // caller then starts a new trace, so a bad header never travels on. A malformed `tracestate`
  // is dropped on its own, as the spec asks; the parent still counts.
  static std::optional<SpanContext> parse(std::string_view traceparent, std::string_view tracestate = {});
  // "00-<trace id>-<span id>-<flags>" for `context`, which must be valid.
  static std::string traceparent(const SpanContext& context);
};

}  // namespace products::adapters::telemetry
