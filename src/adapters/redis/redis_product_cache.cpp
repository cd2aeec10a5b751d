#include "adapters/redis/redis_product_cache.hpp"

#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

#include "adapters/json/product_json.hpp"

namespace products::adapters::redis {

using domain::Deadline;
using json::ProductJson;

namespace {

// A MATCH pattern for the keys that start with `prefix`, whatever characters it holds.
std::string keys_starting_with(std::string_view prefix) {
  std::string pattern;
  for (const char c : prefix) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + '*';
}

}  // namespace

RedisProductCache::RedisProductCache(RedisConfig config) : pool_(std::move(config)) {}

std::optional<domain::Product> RedisProductCache::get(const domain::ObjectId& id, Deadline deadline) {
  const auto budget = pool_.config().command_deadline(deadline);
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
  const auto budget = pool_.config().command_deadline(deadline);
  const auto value = ProductJson::encode(product);
  const auto ttl = std::to_string(pool_.config().ttl.count());
  auto connection = pool_.acquire(budget);
  connection->command({"SET", key(product.id), value, "EX", ttl}, budget);
}

void RedisProductCache::invalidate(const domain::ObjectId& id, Deadline deadline) {
  const auto budget = pool_.config().command_deadline(deadline);
  auto connection = pool_.acquire(budget);
  connection->command({"DEL", key(id)}, budget);
}

void RedisProductCache::invalidate_many(std::span<const domain::ObjectId> ids, Deadline deadline) {
  if (ids.empty()) return;
  const auto budget = pool_.config().command_deadline(deadline);
  std::vector<std::string> keys;
  keys.reserve(ids.size());
  for (const auto& id : ids) keys.push_back(key(id));
  std::vector<std::string_view> args{"DEL"};
  args.insert(args.end(), keys.begin(), keys.end());
  auto connection = pool_.acquire(budget);
  connection->command(args, budget);
}

void RedisProductCache::invalidate_all(Deadline deadline) {
  // Returns the next cursor; "0" when the scan is done. The deletion runs in Redis, so the keys
  // never travel.
  static constexpr std::string_view kScanStep = R"(
    local step = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', 500)
    if #step[2] > 0 then redis.call('UNLINK', unpack(step[2])) end
    return step[1])";
  const auto pattern = keys_starting_with(pool_.config().key_prefix);
  std::string cursor = "0";
  do {
    const auto budget = pool_.config().command_deadline(deadline);
    auto connection = pool_.acquire(budget);
    cursor = connection->command({"EVAL", kScanStep, "0", cursor, pattern}, budget).text();
  } while (cursor != "0");
}

void RedisProductCache::ping(Deadline deadline) {
  const auto budget = pool_.config().command_deadline(deadline);
  auto connection = pool_.acquire(budget);
  connection->command({"PING"}, budget);
}

std::string RedisProductCache::key(const domain::ObjectId& id) const { return pool_.config().key_prefix + id.hex(); }


}  // namespace products::adapters::redis
