#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "usecase/cache_observer.hpp"

namespace products::adapters::metrics {

// cache_requests_total{result="hit"|"miss"|"unavailable"};
// cache_invalidations_total{result="deferred"|"replayed"|"flushed"};
// cache_invalidations_pending{scope="ids"|"all"}.
class CacheMetrics final : public usecase::CacheObserver {
 public:
  explicit CacheMetrics(prometheus::Registry& registry);

  void hit() override { hit_.Increment(); }
  void miss() override { miss_.Increment(); }
  void unavailable() override { unavailable_.Increment(); }
  void invalidations_deferred(std::size_t ids) override { deferred_.Increment(static_cast<double>(ids)); }
  void invalidations_replayed(std::size_t ids, bool flushed_all) override;
  void invalidations_pending(std::size_t ids, bool whole_cache) override;

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Counter& hit_;
  prometheus::Counter& miss_;
  prometheus::Counter& unavailable_;
  prometheus::Family<prometheus::Counter>& invalidations_;
  prometheus::Counter& deferred_;
  prometheus::Counter& replayed_;
  prometheus::Counter& flushed_;
  prometheus::Family<prometheus::Gauge>& pending_;
  prometheus::Gauge& pending_ids_;
  prometheus::Gauge& pending_all_;
};

}  // namespace products::adapters::metrics
