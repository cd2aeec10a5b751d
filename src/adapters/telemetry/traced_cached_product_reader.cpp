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
  // One allocation for the lot: Callback must be copyable and a Span is not, and a callback
  // holding only the pointer fits std::function's inline storage.
  struct Pending {
    Span span;
    SpanContext parent;
    Callback done;
  };
  auto pending = std::make_shared<Pending>(Pending{spans_.start("GET", parent), parent, std::move(done)});
  inner_.lookup(id, deadline, [pending](usecase::CacheLookup found) {
    pending->span.set_attribute("cache.hit", found.encoded.has_value());
    pending->span.end();
    const ActiveContext::Scope scope(pending->parent);
    pending->done(std::move(found));
  });
}

}  // namespace products::adapters::telemetry
