#include "adapters/redis/redis_cached_product_reader.hpp"

#include <optional>
#include <string>
#include <utility>

namespace products::adapters::redis {

namespace {

constexpr std::string_view kHead = R"({"productId":")";
constexpr std::string_view kAfterId = R"(",)";

}  // namespace

RedisCachedProductReader::RedisCachedProductReader(boost::asio::any_io_executor executor, RedisConfig config,
                                                   usecase::CacheObserver& observer)
    : client_(std::move(executor), std::move(config)), observer_(observer) {}

bool RedisCachedProductReader::holds_product(std::string_view entry, const domain::ObjectId& id) {
  const auto hex = id.hex();
  if (entry.size() < kHead.size() + hex.size() + kAfterId.size() + 1) return false;
  if (!entry.starts_with(kHead) || !entry.ends_with('}')) return false;
  entry.remove_prefix(kHead.size());
  return entry.starts_with(hex) && entry.substr(hex.size()).starts_with(kAfterId);
}

void RedisCachedProductReader::lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) {
  const auto& config = client_.config();
  client_.command({"GET", config.key_prefix + id.hex()}, config.command_deadline(deadline),
                  [this, id, done = std::move(done)](RedisValue value) {
                    if (value.is_string() && holds_product(value.text, id)) {
                      observer_.hit();
                      done(usecase::CacheLookup::hit(std::move(value.text)));
                    } else if (value.type == RedisValue::Type::Nil) {
                      done(usecase::CacheLookup::miss());
                    } else {
                      done(usecase::CacheLookup::unsure());
                    }
                  });
}

}  // namespace products::adapters::redis
