#include "adapters/telemetry/database_spans.hpp"

#include <fmt/format.h>

namespace products::adapters::telemetry {

DatabaseSpans::DatabaseSpans(const Tracer& tracer, DatabaseTarget target) : tracer_(tracer), target_(std::move(target)) {}

Span DatabaseSpans::start(std::string_view operation, const SpanContext& parent) const {
  // A client span propagates to nothing, so one that would not be recorded is not made at all.
  if (!parent.valid() || !parent.sampled() || !tracer_.enabled()) return {};
  auto span = tracer_.start_span(
      target_.collection.empty() ? std::string(operation) : fmt::format("{} {}", operation, target_.collection),
      SpanKind::Client, parent);
  if (!span.recording()) return span;
  span.set_attribute("db.system", target_.system);
  span.set_attribute("db.operation.name", std::string(operation));
  if (!target_.name.empty()) span.set_attribute("db.namespace", target_.name);
  if (!target_.collection.empty()) span.set_attribute("db.collection.name", target_.collection);
  if (!target_.address.empty()) span.set_attribute("server.address", target_.address);
  if (target_.port > 0) span.set_attribute("server.port", std::int64_t{target_.port});
  return span;
}

}  // namespace products::adapters::telemetry
