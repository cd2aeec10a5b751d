#pragma once

#include <string_view>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/redis/async_redis_client.hpp"
#include "adapters/redis/redis_config.hpp"
#include "domain/object_id.hpp"
#include "usecase/cache_observer.hpp"
#include "usecase/cached_product_reader.hpp"

namespace products::adapters::redis {

// Reads the entries RedisProductCache writes, on the I/O threads: the entry is the product's JSON
// exactly as a GET answers it, so a hit is served as it is. An entry is taken only when it is
// plainly this product's encoding; anything else (another writer, another format, another
// product's entry) is left to the slow path, which decodes it, and drops it if it is wrong.
class RedisCachedProductReader final : public usecase::CachedProductReader {
 public:
  // Connects on the executor's io_context (see AsyncRedisClient, also for when it may be destroyed).
  RedisCachedProductReader(boost::asio::any_io_executor executor, RedisConfig config,
                           usecase::CacheObserver& observer);

  void lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) override;

  // Whether `entry` starts and ends as ProductJson::encode does for product `id`: a check that
  // costs a comparison of a few dozen bytes, not a parse.
  static bool holds_product(std::string_view entry, const domain::ObjectId& id);

 private:
  AsyncRedisClient client_;
  usecase::CacheObserver& observer_;
};

}  // namespace products::adapters::redis
