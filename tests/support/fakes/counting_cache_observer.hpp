#pragma once

#include "usecase/cache_observer.hpp"

namespace products::testing {

class CountingCacheObserver : public usecase::CacheObserver {
 public:
  void hit() override { ++hits; }
  void miss() override { ++misses; }
  void unavailable() override { ++unavailables; }

  int hits = 0;
  int misses = 0;
  int unavailables = 0;
};

}  // namespace products::testing
