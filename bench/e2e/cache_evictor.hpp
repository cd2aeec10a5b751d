#pragma once

#include <string>
#include <vector>

#include "adapters/redis/redis_pool.hpp"
#include "domain/object_id.hpp"

namespace products::bench {

// Takes products out of the service's Redis cache (its own key prefix for the benchmark), so that
// a read is a cache miss, and so that the benchmark leaves nothing behind.
class CacheEvictor {
 public:
  explicit CacheEvictor(adapters::redis::RedisConfig config) : pool_(std::move(config)) {}

  void evict(const std::vector<domain::ObjectId>& ids);

 private:
  adapters::redis::RedisPool pool_;
};

}  // namespace products::bench
