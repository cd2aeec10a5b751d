#pragma once

#include <optional>
#include <string>

#include "adapters/telemetry/sampler.hpp"
#include "adapters/telemetry/span.hpp"
#include "adapters/telemetry/span_processor.hpp"

namespace products::adapters::telemetry {

// Starts spans: picks the ids, asks the sampler, and hands sampled spans to the processor when
// they end. Without a processor (tracing off: no endpoint) every span is non-recording and costs
// two random ids, but contexts still propagate, so downstream services keep one trace.
class Tracer {
 public:
  Tracer(Sampler sampler, SpanProcessor* processor);

  // A child of `parent` when it is valid (a remote parent from W3cTraceContext::parse, or a
  // local span's context), else the root of a new trace.
  Span start_span(std::string name, SpanKind kind, const std::optional<SpanContext>& parent = std::nullopt) const;
  bool enabled() const noexcept { return processor_ != nullptr; }

 private:
  Sampler sampler_;
  SpanProcessor* processor_;
};

}  // namespace products::adapters::telemetry
