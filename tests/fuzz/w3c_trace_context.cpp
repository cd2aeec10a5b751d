// The W3C trace context parser: the `traceparent` and `tracestate` every REST, gRPC and Kafka
// caller may send. The input is traceparent, a newline, then tracestate.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "fuzz/fuzz_contract.hpp"

using products::adapters::telemetry::W3cTraceContext;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const auto traceparent = input.substr(0, newline);
  const auto tracestate = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  // parse is noexcept in spirit (a bad header is dropped, never an error): anything it throws is a crash.
  const auto parent = W3cTraceContext::parse(traceparent, tracestate);
  if (!parent) return 0;
  if (!parent->valid()) products::fuzz::violated("parse accepted an invalid context");
  // What the service sends on (Kafka headers, outgoing calls) must parse back to the same parent.
  const auto again = W3cTraceContext::parse(W3cTraceContext::traceparent(*parent), parent->trace_state());
  if (!again || again->trace_id() != parent->trace_id() || again->span_id() != parent->span_id() ||
      again->sampled() != parent->sampled() || again->trace_state() != parent->trace_state()) {
    products::fuzz::violated("parse(traceparent(c), trace_state) != c");
  }
  return 0;
}
