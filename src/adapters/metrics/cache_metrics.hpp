#pragma once

#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "usecase/cache_observer.hpp"

namespace products::adapters::metrics {

// cache_requests_total{result="hit"|"miss"|"unavailable"}.
class CacheMetrics final : public usecase::CacheObserver {
 public:
  explicit CacheMetrics(prometheus::Registry& registry);

  void hit() override { hit_.Increment(); }
  void miss() override { miss_.Increment(); }
  void unavailable() override { unavailable_.Increment(); }

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Counter& hit_;
  prometheus::Counter& miss_;
  prometheus::Counter& unavailable_;
};

}  // namespace products::adapters::metrics
