#pragma once

#include <cstddef>

#include "usecase/cache_observer.hpp"

namespace products::testing {

class CountingCacheObserver : public usecase::CacheObserver {
 public:
  void hit() override { ++hits; }
  void miss() override { ++misses; }
  void unavailable() override { ++unavailables; }
  void invalidations_deferred(std::size_t ids) override { deferred += ids; }
  void invalidations_replayed(std::size_t ids, bool flushed_all) override {
    replayed += ids;
    flushes += flushed_all ? 1 : 0;
  }
  void invalidations_pending(std::size_t ids, bool whole_cache) override {
    pending_ids = ids;
    pending_all = whole_cache;
  }

  int hits = 0;
  int misses = 0;
  int unavailables = 0;
  std::size_t deferred = 0;
  std::size_t replayed = 0;
  int flushes = 0;
  std::size_t pending_ids = 0;
  bool pending_all = false;
};

}  // namespace products::testing
