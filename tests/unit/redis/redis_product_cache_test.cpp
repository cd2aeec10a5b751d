#include "adapters/redis/redis_product_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "domain/error.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::Error;
using domain::ErrorKind;

const auto kId = *domain::ObjectId::parse("65a1b2c3d4e5f60718293a4b");

TEST(RedisProductCache, KeyIsThePrefixAndTheHexId) {
  EXPECT_EQ(RedisProductCache(RedisConfig{}).key(kId), "products:65a1b2c3d4e5f60718293a4b");
  RedisConfig config;
  config.key_prefix = "test:products:";
  EXPECT_EQ(RedisProductCache(config).key(kId), "test:products:65a1b2c3d4e5f60718293a4b");
}

// A hung Redis must not eat the request's budget: the read still has to go to MongoDB.
TEST(RedisProductCache, HungRedisCostsAtMostTheCommandTimeout) {
  testing::SilentServer server;
  RedisConfig config;
  config.port = server.port();
  config.command_timeout = 150ms;
  RedisProductCache cache(config);
  const auto start = std::chrono::steady_clock::now();
  try {
    cache.get(kId, Deadline::after(10s));
    FAIL() << "expected Unavailable";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 1s);
}

TEST(RedisProductCache, RequestDeadlineShorterThanTheCommandTimeoutWins) {
  testing::SilentServer server;
  RedisConfig config;
  config.port = server.port();
  config.command_timeout = 5s;
  RedisProductCache cache(config);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(cache.invalidate(kId, Deadline::after(100ms)), Error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace products::adapters::redis
