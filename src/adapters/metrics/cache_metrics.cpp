#include "adapters/metrics/cache_metrics.hpp"

namespace products::adapters::metrics {

CacheMetrics::CacheMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("cache_requests_total")
                    .Help("Cache look-ups: hit, miss, or unavailable (Redis unreachable, read from MongoDB).")
                    .Register(registry)),
      hit_(requests_.Add({{"result", "hit"}})),
      miss_(requests_.Add({{"result", "miss"}})),
      unavailable_(requests_.Add({{"result", "unavailable"}})),
      invalidations_(prometheus::BuildCounter()
                         .Name("cache_invalidations_total")
                         .Help("Cache invalidations that failed and were deferred, replayed later, or "
                               "replaced by a flush of the whole cache.")
                         .Register(registry)),
      deferred_(invalidations_.Add({{"result", "deferred"}})),
      replayed_(invalidations_.Add({{"result", "replayed"}})),
      flushed_(invalidations_.Add({{"result", "flushed"}})),
      pending_(prometheus::BuildGauge()
                   .Name("cache_invalidations_pending")
                   .Help("Products read from MongoDB only until their deferred invalidation is replayed "
                         "(scope=ids: how many; scope=all: 1 while the whole cache waits for a flush).")
                   .Register(registry)),
      pending_ids_(pending_.Add({{"scope", "ids"}})),
      pending_all_(pending_.Add({{"scope", "all"}})) {}

void CacheMetrics::invalidations_replayed(std::size_t ids, bool flushed_all) {
  replayed_.Increment(static_cast<double>(ids));
  if (flushed_all) flushed_.Increment();
}

void CacheMetrics::invalidations_pending(std::size_t ids, bool whole_cache) {
  pending_ids_.Set(static_cast<double>(ids));
  pending_all_.Set(whole_cache ? 1 : 0);
}

}  // namespace products::adapters::metrics
