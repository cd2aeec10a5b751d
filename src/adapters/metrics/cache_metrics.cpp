#include "adapters/metrics/cache_metrics.hpp"

namespace products::adapters::metrics {

CacheMetrics::CacheMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("cache_requests_total")
                    .Help("Cache look-ups: hit, miss, or unavailable (Redis unreachable, read from MongoDB).")
                    .Register(registry)),
      hit_(requests_.Add({{"result", "hit"}})),
      miss_(requests_.Add({{"result", "miss"}})),
      unavailable_(requests_.Add({{"result", "unavailable"}})) {}

}  // namespace products::adapters::metrics
