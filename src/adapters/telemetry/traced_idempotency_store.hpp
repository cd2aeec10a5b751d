#pragma once

#include "adapters/telemetry/database_spans.hpp"
#include "usecase/idempotency_store.hpp"

namespace products::adapters::telemetry {

// The idempotency store with a MongoDB client span around each claim made for a span, so that a
// keyed create's trace shows the round trip its key cost.
class TracedIdempotencyStore : public usecase::IdempotencyStore {
 public:
  TracedIdempotencyStore(usecase::IdempotencyStore& inner, const Tracer& tracer, DatabaseTarget target);

  usecase::KeyedCreate claim(const usecase::KeyedCreate& candidate, domain::Deadline deadline) override;

 private:
  usecase::IdempotencyStore& inner_;
  DatabaseSpans spans_;
};

}  // namespace products::adapters::telemetry
