#pragma once

namespace products::usecase {

// What the service tells the outside about its cache use (metrics live in the adapters).
class CacheObserver {
 public:
  virtual ~CacheObserver() = default;
  virtual void hit() {}
  virtual void miss() {}
  virtual void unavailable() {}
};

}  // namespace products::usecase
