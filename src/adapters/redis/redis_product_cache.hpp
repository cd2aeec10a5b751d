#pragma once

#include <optional>
#include <span>
#include <string>

#include "adapters/redis/redis_config.hpp"
#include "adapters/redis/redis_pool.hpp"
#include "domain/deadline.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"
#include "usecase/product_cache.hpp"

namespace products::adapters::redis {

// Cache-aside entries for read by id (SPEC §7): key `<prefix><id>`, the product's JSON, a TTL.
// Each call is bounded by the earlier of the request's deadline and the configured command
// timeout; every failure is domain::Error(Unavailable).
class RedisProductCache final : public usecase::ProductCache {
 public:
  explicit RedisProductCache(RedisConfig config);

  // A value that does not decode (another writer, an older format) is a miss and is deleted.
  std::optional<domain::Product> get(const domain::ObjectId& id, domain::Deadline deadline) override;
  void put(const domain::Product& product, domain::Deadline deadline) override;
  void invalidate(const domain::ObjectId& id, domain::Deadline deadline) override;
  // One DEL of every key.
  void invalidate_many(std::span<const domain::ObjectId> ids, domain::Deadline deadline) override;
  // Every key under the prefix, a SCAN step and its DEL at a time (one script call each), so
  // that Redis never blocks on a namespace of any size and other clients' keys stay.
  void invalidate_all(domain::Deadline deadline) override;

  // For readiness checks: throws domain::Error(Unavailable) unless Redis answers in time.
  void ping(domain::Deadline deadline);

  std::string key(const domain::ObjectId& id) const;

 private:
  RedisPool pool_;
};

}  // namespace products::adapters::redis
