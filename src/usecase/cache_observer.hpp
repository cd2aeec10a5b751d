#pragma once

#include <cstddef>

namespace products::usecase {

// What the service tells the outside about its cache use (metrics live in the adapters).
class CacheObserver {
 public:
  virtual ~CacheObserver() = default;
  virtual void hit() {}
  virtual void miss() {}
  virtual void unavailable() {}
  // Invalidations that failed and wait for a replay; those a replay completed (and whether it
  // flushed the whole cache, the set having overflowed); what waits after either.
  virtual void invalidations_deferred(std::size_t /*ids*/) {}
  virtual void invalidations_replayed(std::size_t /*ids*/, bool /*flushed_all*/) {}
  virtual void invalidations_pending(std::size_t /*ids*/, bool /*whole_cache*/) {}
};

}  // namespace products::usecase
