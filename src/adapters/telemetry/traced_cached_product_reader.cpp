#include "adapters/telemetry/traced_cached_product_reader.hpp"

#include <memory>

namespace products::adapters::telemetry {

TracedCachedProductReader::TracedCachedProductReader(usecase::CachedProductReader& inner, const Tracer& tracer,
                                                     DatabaseTarget target)
    : inner_(inner), spans_(tracer, std::move(target)) {}

void TracedCachedProductReader::lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) {
  const auto& parent = ActiveContext::current();
  if (!parent.valid()) {
    inner_.lookup(id, deadline, std::move(done));
    return;
  }
  // Shared: Callback must be copyable, a Span is not.
  auto span = std::make_shared<Span>(spans_.start("GET", parent));
  inner_.lookup(id, deadline, [span, parent, done = std::move(done)](usecase::CacheLookup found) {
    span->set_attribute("cache.hit", found.encoded.has_value());
    span->end();
    const ActiveContext::Scope scope(parent);
    done(std::move(found));
  });
}

}  // namespace products::adapters::telemetry
