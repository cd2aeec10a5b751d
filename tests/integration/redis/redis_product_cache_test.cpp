#include "adapters/redis/redis_product_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "domain/error.hpp"
#include "support/test_env.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::Error;
using domain::ErrorKind;

domain::Product sample_product() {
  domain::Product product;
  product.id = domain::ObjectId::generate();
  product.fields.category_id = *domain::ObjectId::parse("5f1d7f1c2b3a4c5d6e7f8091");
  product.fields.name = "Espresso cup";
  product.fields.description = "A small porcelain cup for espresso";
  product.fields.price = 12.5;
  product.fields.image_url = "https://img.example.com/cup.png";
  product.fields.photos = {"https://img.example.com/cup-1.png"};
  product.fields.quantity = 7;
  product.fields.rating = 4;
  product.created_at = domain::Timestamp(1'700'000'000'123ms);
  product.updated_at = domain::Timestamp(1'700'000'500'456ms);
  return product;
}

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

}  // namespace
}  // namespace products::adapters::redis
