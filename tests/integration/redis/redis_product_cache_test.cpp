#include "adapters/redis/redis_product_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "integration/redis/private_redis.hpp"
#include "integration/redis/sample_product.hpp"
#include "support/test_env.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using testing::sample_product;
using domain::Error;
using domain::ErrorKind;

class RedisProductCacheTest : public ::testing::Test {
 protected:
  RedisProductCacheTest() {
    config_.host = testing::redis_host();
    config_.port = testing::redis_port();
    config_.key_prefix = testing::unique_name("it-products") + ":";
  }

  void SetUp() override {
    ASSERT_NO_THROW(raw().command({"PING"}, Deadline::after(1s)))
        << "Redis is not answering on " << config_.host << ":" << config_.port
        << "; start it with `bash scripts/stack.sh up`";
  }

  RedisConnection raw() const { return RedisConnection(config_, Deadline::after(2s)); }

  RedisConfig config_;
  const domain::Product product_ = sample_product();
};

TEST_F(RedisProductCacheTest, PutGetInvalidate) {
  RedisProductCache cache(config_);
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), std::nullopt);
  cache.put(product_, Deadline::after(1s));
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), product_);
  cache.invalidate(product_.id, Deadline::after(1s));
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), std::nullopt);
}

TEST_F(RedisProductCacheTest, StoresJsonUnderThePrefixedKeyWithTheConfiguredTtl) {
  config_.ttl = 120s;
  RedisProductCache cache(config_);
  cache.put(product_, Deadline::after(1s));
  auto connection = raw();
  const auto key = config_.key_prefix + product_.id.hex();
  const auto value = connection.command({"GET", key}, Deadline::after(1s));
  EXPECT_NE(value.text().find("\"productId\":\"" + product_.id.hex() + "\""), std::string_view::npos)
      << value.text();
  const auto ttl = connection.command({"TTL", key}, Deadline::after(1s)).integer();
  EXPECT_GT(ttl, 110);
  EXPECT_LE(ttl, 120);
  cache.invalidate(product_.id, Deadline::after(1s));
}

TEST_F(RedisProductCacheTest, EntryExpiresWithItsTtl) {
  config_.ttl = 1s;
  RedisProductCache cache(config_);
  cache.put(product_, Deadline::after(1s));
  EXPECT_TRUE(testing::wait_until([&] { return !cache.get(product_.id, Deadline::after(1s)); }, 5s));
}

TEST_F(RedisProductCacheTest, UndecodableEntryIsAMissAndIsDeleted) {
  RedisProductCache cache(config_);
  const auto key = cache.key(product_.id);
  auto connection = raw();
  connection.command({"SET", key, "{not json", "EX", "60"}, Deadline::after(1s));
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), std::nullopt);
  EXPECT_EQ(connection.command({"EXISTS", key}, Deadline::after(1s)).integer(), 0);
}

TEST_F(RedisProductCacheTest, EntryHoldingAnotherProductIsAMissAndIsDeleted) {
  RedisProductCache cache(config_);
  auto other = sample_product();
  cache.put(other, Deadline::after(1s));
  auto connection = raw();
  const auto value = connection.command({"GET", cache.key(other.id)}, Deadline::after(1s));
  connection.command({"SET", cache.key(product_.id), value.text(), "EX", "60"}, Deadline::after(1s));
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), std::nullopt);
  EXPECT_EQ(connection.command({"EXISTS", cache.key(product_.id)}, Deadline::after(1s)).integer(), 0);
  cache.invalidate(other.id, Deadline::after(1s));
}

TEST_F(RedisProductCacheTest, InvalidateManyForgetsEveryIdGivenAndNothingElse) {
  RedisProductCache cache(config_);
  std::vector<domain::Product> products{sample_product(), sample_product(), sample_product()};
  const auto kept = sample_product();
  for (const auto& product : products) cache.put(product, Deadline::after(1s));
  cache.put(kept, Deadline::after(1s));
  std::vector<domain::ObjectId> ids;
  for (const auto& product : products) ids.push_back(product.id);
  cache.invalidate_many(ids, Deadline::after(1s));
  for (const auto& id : ids) EXPECT_EQ(cache.get(id, Deadline::after(1s)), std::nullopt);
  EXPECT_EQ(cache.get(kept.id, Deadline::after(1s)), kept);
  cache.invalidate_many({}, Deadline::after(1s));
  cache.invalidate(kept.id, Deadline::after(1s));
}

// On a Redis of its own, where no other test's commands are counted.
TEST_F(RedisProductCacheTest, InvalidateManyIsOneDel) {
  testing::PrivateRedis redis;
  ASSERT_TRUE(redis.running());
  config_.host = "127.0.0.1";
  config_.port = redis.port();
  RedisProductCache cache(config_);
  std::vector<domain::ObjectId> ids;
  for (int i = 0; i < 5; ++i) {
    const auto product = sample_product();
    cache.put(product, Deadline::after(1s));
    ids.push_back(product.id);
  }
  auto connection = raw();
  connection.command({"CONFIG", "RESETSTAT"}, Deadline::after(1s));
  cache.invalidate_many(ids, Deadline::after(1s));
  const auto stats = std::string(connection.command({"INFO", "commandstats"}, Deadline::after(1s)).text());
  EXPECT_NE(stats.find("cmdstat_del:calls=1,"), std::string::npos) << stats;
  EXPECT_EQ(connection.command({"DBSIZE"}, Deadline::after(1s)).integer(), 0);
}

TEST_F(RedisProductCacheTest, PingAnswers) { EXPECT_NO_THROW(RedisProductCache(config_).ping(Deadline::after(1s))); }

// Restarts Redis however the test ends, so that later tests find it up.
class RedisStopped {
 public:
  RedisStopped() { stopped_ = testing::stack_command("stop-component redis") == 0; }
  ~RedisStopped() { testing::stack_command("start-component redis"); }
  bool stopped() const noexcept { return stopped_; }

 private:
  bool stopped_;
};

TEST_F(RedisProductCacheTest, RedisDownIsUnavailableWithinTheDeadlineAndRecoversWhenItIsBack) {
  config_.command_timeout = 2s;  // so that the request's deadline is what bounds the calls
  RedisProductCache cache(config_);
  cache.put(product_, Deadline::after(1s));  // leaves a pooled connection for Redis to drop
  {
    RedisStopped redis;
    ASSERT_TRUE(redis.stopped()) << "scripts/stack.sh stop-component redis failed";
    try {
      raw();
      GTEST_SKIP() << "Redis still answers: it is not one the stack started, so it cannot be stopped";
    } catch (const Error&) {
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
      const auto start = std::chrono::steady_clock::now();
      try {
        cache.get(product_.id, Deadline::after(500ms));
        ADD_FAILURE() << "expected Unavailable with Redis stopped";
      } catch (const Error& error) {
        EXPECT_EQ(error.kind(), ErrorKind::Unavailable) << error.what();
      }
      EXPECT_LT(std::chrono::steady_clock::now() - start, 600ms);
    }
    EXPECT_THROW(cache.ping(Deadline::after(500ms)), Error);
  }
  EXPECT_TRUE(testing::wait_until(
      [&] {
        try {
          cache.ping(Deadline::after(500ms));
          return true;
        } catch (const Error&) {
          return false;
        }
      },
      20s, 100ms));
  cache.put(product_, Deadline::after(1s));
  EXPECT_EQ(cache.get(product_.id, Deadline::after(1s)), product_);
  cache.invalidate(product_.id, Deadline::after(1s));
}

// More keys than one SCAN step covers, under a prefix holding glob characters, beside a key the
// prefix would match if it were taken as a pattern.
TEST_F(RedisProductCacheTest, InvalidateAllDeletesEveryEntryUnderThePrefixAndNothingElse) {
  config_.key_prefix = testing::unique_name("it-products[*]") + ":";
  RedisProductCache cache(config_);
  std::vector<std::string> keys;
  auto product = product_;
  for (int i = 0; i < 1200; ++i) {
    product.id = domain::ObjectId::generate();
    cache.put(product, Deadline::after(1s));
    keys.push_back(cache.key(product.id));
  }
  auto neighbour = config_.key_prefix;
  neighbour.replace(neighbour.find("[*]"), 3, "*");
  neighbour += "not-ours";
  auto connection = raw();
  connection.command({"SET", neighbour, "kept", "EX", "60"}, Deadline::after(1s));

  cache.invalidate_all(Deadline::after(10s));
  std::vector<std::string_view> exists{"EXISTS"};
  exists.insert(exists.end(), keys.begin(), keys.end());
  EXPECT_EQ(connection.command(exists, Deadline::after(1s)).integer(), 0) << "entries left behind";
  EXPECT_EQ(connection.command({"GET", neighbour}, Deadline::after(1s)).text(), "kept");
  connection.command({"DEL", neighbour}, Deadline::after(1s));
}

}  // namespace
}  // namespace products::adapters::redis
