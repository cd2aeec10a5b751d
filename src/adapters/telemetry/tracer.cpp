#include "adapters/telemetry/tracer.hpp"

#include <utility>

namespace products::adapters::telemetry {

Tracer::Tracer(Sampler sampler, SpanProcessor* processor) : sampler_(sampler), processor_(processor) {}

Span Tracer::start_span(std::string name, SpanKind kind, const std::optional<SpanContext>& parent) const {
  const bool has_parent = parent && parent->valid();
  const auto trace_id = has_parent ? parent->trace_id() : SpanContext::random_trace_id();
  const bool sampled = sampler_.should_sample(parent, trace_id);
  SpanContext context(trace_id, SpanContext::random_span_id(), sampled,
                      has_parent ? parent->trace_state() : std::string());
  if (!sampled || !processor_) return Span(std::move(context), std::nullopt, nullptr);
  SpanData data;
  data.context = context;
  if (has_parent) data.parent_span_id = parent->span_id();
  data.name = std::move(name);
  data.attributes.reserve(8);  // what the service's spans carry, without regrowing on the request path
  data.kind = kind;
  data.start = std::chrono::system_clock::now();
  return Span(std::move(context), std::move(data), processor_);
}

}  // namespace products::adapters::telemetry
