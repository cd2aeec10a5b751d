#include "adapters/telemetry/traced_product_repository.hpp"

#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::adapters::telemetry {

using domain::Deadline;

TracedProductRepository::TracedProductRepository(usecase::ProductRepository& inner, const Tracer& tracer,
                                                 DatabaseTarget target)
    : inner_(inner), spans_(tracer, std::move(target)) {}

bool TracedProductRepository::upsert(const domain::Product& product, std::int64_t version, Deadline deadline) {
  return spans_.run("update", [&] { return inner_.upsert(product, version, deadline); });
}

std::optional<domain::Product> TracedProductRepository::replace_existing(const domain::Product& product,
                                                                         std::int64_t version, Deadline deadline) {
  return spans_.run("findAndModify", [&] { return inner_.replace_existing(product, version, deadline); });
}

bool TracedProductRepository::remove(const domain::ObjectId& id, std::int64_t version, Deadline deadline) {
  return spans_.run("update", [&] { return inner_.remove(id, version, deadline); });
}

std::vector<usecase::WriteOutcome> TracedProductRepository::write_batch(std::span<const usecase::VersionedWrite> writes,
                                                                       Deadline deadline) {
  // One span per write, all over the one round trip: each record's trace shows the write it took.
  std::vector<Span> spans;
  spans.reserve(writes.size());
  for (const auto& write : writes) {
    const auto named = W3cTraceContext::parse(write.trace.traceparent, write.trace.tracestate);
    auto span = spans_.start("bulkWrite", named ? *named : ActiveContext::current());
    span.set_attribute("db.operation.batch.size", static_cast<std::int64_t>(writes.size()));
    spans.push_back(std::move(span));
  }
  auto outcomes = inner_.write_batch(writes, deadline);
  for (std::size_t i = 0; i < outcomes.size() && i < spans.size(); ++i) spans[i].fail(outcomes[i].error);
  return outcomes;
}

std::optional<domain::Product> TracedProductRepository::find_by_id(const domain::ObjectId& id, Deadline deadline) {
  return spans_.run("find", [&] { return inner_.find_by_id(id, deadline); });
}

domain::SearchPage TracedProductRepository::search(const domain::SearchQuery& query, Deadline deadline) {
  return spans_.run("find", [&] { return inner_.search(query, deadline); });
}

}  // namespace products::adapters::telemetry
