#include "adapters/redis/redis_cached_product_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "adapters/json/product_json.hpp"
#include "adapters/redis/redis_connection.hpp"
#include "adapters/redis/redis_product_cache.hpp"
#include "integration/redis/sample_product.hpp"
#include "support/test_env.hpp"
#include "unit/redis/io_runner.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using testing::sample_product;
using Clock = std::chrono::steady_clock;

class CountingObserver : public usecase::CacheObserver {
 public:
  void hit() override { ++hits; }
  void miss() override { ++misses; }
  void unavailable() override { ++unavailable_count; }
  std::atomic<int> hits{0};
  std::atomic<int> misses{0};
  std::atomic<int> unavailable_count{0};
};

class RedisCachedProductReaderTest : public ::testing::Test {
 protected:
  RedisCachedProductReaderTest() {
    config_.host = testing::redis_host();
    config_.port = testing::redis_port();
    config_.key_prefix = testing::unique_name("it-reader") + ":";
  }

  void TearDown() override {
    io_.stop();
    reader_.reset();
  }

  RedisCachedProductReader& reader() {
    if (!reader_) reader_.emplace(io_.executor(), config_, observer_);
    return *reader_;
  }

  usecase::CacheLookup lookup(const domain::ObjectId& id, std::chrono::milliseconds budget = 1s) {
    auto promise = std::make_shared<std::promise<usecase::CacheLookup>>();
    auto future = promise->get_future();
    reader().lookup(id, Deadline::after(budget),
                    [promise](usecase::CacheLookup found) { promise->set_value(std::move(found)); });
    if (future.wait_for(5s) != std::future_status::ready) {
      ADD_FAILURE() << "the lookup was never answered";
      return usecase::CacheLookup::unsure();
    }
    return future.get();
  }

  // The reader connects in the background: the first lookups may find it not connected yet.
  std::optional<std::string> lookup_when_connected(const domain::ObjectId& id) {
    std::optional<std::string> found;
    testing::wait_until([&] { return (found = lookup(id).encoded).has_value(); }, 3s);
    return found;
  }

  RedisConfig config_;
  CountingObserver observer_;
  testing::IoRunner io_{1};
  std::optional<RedisCachedProductReader> reader_;
  const domain::Product product_ = sample_product();
};

// The entry RedisProductCache::put stores is, byte for byte, the body the slow path answers
// (ProductJson::encode of the product), so a hit can be served without parsing it.
TEST_F(RedisCachedProductReaderTest, AHitIsExactlyTheBodyOfTheSlowPath) {
  RedisProductCache cache(config_);
  cache.put(product_, Deadline::after(1s));
  const auto found = lookup_when_connected(product_.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, json::ProductJson::encode(product_));
  EXPECT_EQ(observer_.hits.load(), 1);
  cache.invalidate(product_.id, Deadline::after(1s));
}

TEST_F(RedisCachedProductReaderTest, AMissIsAbsentAndLeavesTheCountingToTheSlowPath) {
  RedisProductCache cache(config_);
  cache.put(product_, Deadline::after(1s));
  ASSERT_TRUE(lookup_when_connected(product_.id));  // connected
  cache.invalidate(product_.id, Deadline::after(1s));
  const auto found = lookup(product_.id);
  EXPECT_EQ(found.encoded, std::nullopt);
  EXPECT_TRUE(found.absent) << "Redis holds no entry: the slow path need not ask it again";
  EXPECT_EQ(observer_.hits.load(), 1);
  EXPECT_EQ(observer_.misses.load(), 0);
  EXPECT_EQ(observer_.unavailable_count.load(), 0);
}

TEST_F(RedisCachedProductReaderTest, AnotherProductsEntryIsRefused) {
  RedisProductCache cache(config_);
  const auto other = sample_product();
  cache.put(other, Deadline::after(1s));
  cache.put(product_, Deadline::after(1s));
  ASSERT_TRUE(lookup_when_connected(product_.id));
  RedisConnection connection(config_, Deadline::after(1s));
  connection.command({"SET", cache.key(product_.id), json::ProductJson::encode(other), "EX", "60"},
                     Deadline::after(1s));
  // Not a plain miss: the slow path must ask again, decode the entry and drop it.
  const auto foreign = lookup(product_.id);
  EXPECT_EQ(foreign.encoded, std::nullopt);
  EXPECT_FALSE(foreign.absent);
  connection.command({"SET", cache.key(product_.id), "not json at all", "EX", "60"}, Deadline::after(1s));
  const auto garbage = lookup(product_.id);
  EXPECT_EQ(garbage.encoded, std::nullopt);
  EXPECT_FALSE(garbage.absent);
  // The slow path decodes the entry and drops it.
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), std::nullopt);
  EXPECT_EQ(connection.command({"EXISTS", cache.key(product_.id)}, Deadline::after(1s)).integer(), 0);
  cache.invalidate(other.id, Deadline::after(1s));
}

TEST_F(RedisCachedProductReaderTest, AHungRedisIsNoHitAndNoMissWithinTheCommandTimeout) {
  const testing::SilentServer server;
  config_.host = "127.0.0.1";
  config_.port = server.port();
  config_.command_timeout = 100ms;
  const auto start = Clock::now();
  const auto found = lookup(product_.id, 5s);
  EXPECT_EQ(found.encoded, std::nullopt);
  EXPECT_FALSE(found.absent);
  EXPECT_LT(Clock::now() - start, 400ms);
  EXPECT_EQ(observer_.hits.load(), 0);
}

}  // namespace
}  // namespace products::adapters::redis
