#include "adapters/telemetry/traced_product_cache.hpp"

namespace products::adapters::telemetry {

using domain::Deadline;

TracedProductCache::TracedProductCache(usecase::ProductCache& inner, const Tracer& tracer, DatabaseTarget target)
    : inner_(inner), spans_(tracer, std::move(target)) {}

std::optional<domain::Product> TracedProductCache::get(const domain::ObjectId& id, Deadline deadline) {
  return spans_.run("GET", [&] { return inner_.get(id, deadline); });
}

void TracedProductCache::put(const domain::Product& product, Deadline deadline) {
  spans_.run("SET", [&] { inner_.put(product, deadline); });
}

void TracedProductCache::invalidate(const domain::ObjectId& id, Deadline deadline) {
  spans_.run("DEL", [&] { inner_.invalidate(id, deadline); });
}

void TracedProductCache::invalidate_many(std::span<const domain::ObjectId> ids, Deadline deadline) {
  spans_.run("DEL", [&] { inner_.invalidate_many(ids, deadline); });
}

void TracedProductCache::invalidate_all(Deadline deadline) {
  spans_.run("EVAL", [&] { inner_.invalidate_all(deadline); });
}

}  // namespace products::adapters::telemetry
