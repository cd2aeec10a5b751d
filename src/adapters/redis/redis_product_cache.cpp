#include "adapters/redis/redis_product_cache.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "adapters/json/product_json.hpp"

namespace products::adapters::redis {

using domain::Deadline;
using json::ProductJson;

RedisProductCache::RedisProductCache(RedisConfig config) : pool_(std::move(config)) {}

std::optional<domain::Product> RedisProductCache::get(const domain::ObjectId& id, Deadline deadline) {
  const auto budget = bounded(deadline);
  const auto name = key(id);
  auto connection = pool_.acquire(budget);
  const auto reply = connection->command({"GET", name}, budget);
  if (reply.is_nil()) return std::nullopt;
  try {
    auto product = ProductJson::decode_product(reply.text());
    if (product.id == id) return product;
    spdlog::warn("redis: entry {} holds product {}; dropping it", name, product.id.hex());
  } catch (const std::exception& error) {
    spdlog::warn("redis: entry {} does not decode ({}); dropping it", name, error.what());
  }
  connection->command({"DEL", name}, budget);
  return std::nullopt;
}

void RedisProductCache::put(const domain::Product& product, Deadline deadline) {
  const auto budget = bounded(deadline);
  const auto value = ProductJson::encode(product);
  const auto ttl = std::to_string(pool_.config().ttl.count());
  auto connection = pool_.acquire(budget);
  connection->command({"SET", key(product.id), value, "EX", ttl}, budget);
}

void RedisProductCache::invalidate(const domain::ObjectId& id, Deadline deadline) {
  const auto budget = bounded(deadline);
  auto connection = pool_.acquire(budget);
  connection->command({"DEL", key(id)}, budget);
}

void RedisProductCache::ping(Deadline deadline) {
  const auto budget = bounded(deadline);
  auto connection = pool_.acquire(budget);
  connection->command({"PING"}, budget);
}

std::string RedisProductCache::key(const domain::ObjectId& id) const { return pool_.config().key_prefix + id.hex(); }

Deadline RedisProductCache::bounded(Deadline deadline) const {
  return Deadline(std::min(deadline.at(), Deadline::after(pool_.config().command_timeout).at()));
}

}  // namespace products::adapters::redis
