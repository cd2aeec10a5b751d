#pragma once

#include <string>

namespace products::domain {

// The W3C Trace Context of whatever issued a write (`traceparent`, `tracestate`), carried with it
// as opaque text so that the span that applies it joins the caller's trace. Empty: no trace.
struct TraceHeaders {
  std::string traceparent;
  std::string tracestate;
};

}  // namespace products::domain
