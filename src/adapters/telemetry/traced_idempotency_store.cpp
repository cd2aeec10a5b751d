#include "adapters/telemetry/traced_idempotency_store.hpp"

namespace products::adapters::telemetry {

TracedIdempotencyStore::TracedIdempotencyStore(usecase::IdempotencyStore& inner, const Tracer& tracer,
                                               DatabaseTarget target)
    : inner_(inner), spans_(tracer, std::move(target)) {}

usecase::KeyedCreate TracedIdempotencyStore::claim(const usecase::KeyedCreate& candidate, domain::Deadline deadline) {
  return spans_.run("findAndModify", [&] { return inner_.claim(candidate, deadline); });
}

}  // namespace products::adapters::telemetry
