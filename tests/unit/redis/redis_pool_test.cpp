#include "adapters/redis/redis_pool.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "domain/error.hpp"
#include "support/test_env.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::Error;
using domain::ErrorKind;
using Clock = std::chrono::steady_clock;

RedisConfig config_for(int port) {
  RedisConfig config;
  config.port = port;
  config.pool_size = 1;
  return config;
}

// Runs `call`, expects domain::Error(Unavailable), and returns how long the call took.
template <class Call>
Clock::duration expect_unavailable(Call call, std::string_view message_part = {}) {
  const auto start = Clock::now();
  try {
    call();
    ADD_FAILURE() << "expected domain::Error(Unavailable)";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable) << error.what();
    EXPECT_NE(std::string_view(error.what()).find(message_part), std::string_view::npos) << error.what();
  }
  return Clock::now() - start;
}

TEST(RedisConnection, RefusedConnectIsUnavailable) {
  const int port = testing::closed_port();
  const auto took = expect_unavailable([&] { RedisConnection(config_for(port), Deadline::after(2s)); },
                                       "cannot connect");
  EXPECT_LT(took, 1s);
}

TEST(RedisConnection, UnansweredCommandTimesOutAtTheDeadlineAndBreaksTheConnection) {
  testing::SilentServer server;
  RedisConnection connection(config_for(server.port()), Deadline::after(2s));
  const auto took = expect_unavailable([&] { connection.command({"PING"}, Deadline::after(150ms)); }, "timed out");
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 1s);
  EXPECT_TRUE(connection.broken());
  expect_unavailable([&] { connection.command({"PING"}, Deadline::after(1s)); }, "broken");
}

TEST(RedisConnection, ExpiredDeadlineFailsWithoutSendingAndKeepsTheConnection) {
  testing::SilentServer server;
  RedisConnection connection(config_for(server.port()), Deadline::after(2s));
  expect_unavailable([&] { connection.command({"PING"}, Deadline(Clock::now() - 1ms)); }, "no time left");
  EXPECT_FALSE(connection.broken());
}

TEST(RedisPool, WaitsForAFreeConnectionOnlyUntilTheDeadline) {
  testing::SilentServer server;
  RedisPool pool(config_for(server.port()));
  auto held = pool.acquire(Deadline::after(2s));
  const auto took = expect_unavailable([&] { pool.acquire(Deadline::after(150ms)); }, "busy");
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 1s);
}

TEST(RedisPool, BrokenConnectionIsDiscardedAndReplacedOnNextAcquire) {
  testing::SilentServer server;
  RedisPool pool(config_for(server.port()));
  {
    auto lease = pool.acquire(Deadline::after(2s));
    expect_unavailable([&] { lease->command({"PING"}, Deadline::after(50ms)); });
  }
  // With a pool of one, this only succeeds if the broken connection gave its slot back.
  auto fresh = pool.acquire(Deadline::after(2s));
  EXPECT_FALSE(fresh->broken());
}

TEST(RedisPool, AfterAFailedConnectWaitsForTheBackoffBeforeTryingAgain) {
  auto config = config_for(testing::closed_port());
  config.reconnect_backoff = 200ms;
  RedisPool pool(config);
  expect_unavailable([&] { pool.acquire(Deadline::after(1s)); }, "cannot connect");
  expect_unavailable([&] { pool.acquire(Deadline::after(1s)); }, "next connect attempt");
  const auto failed_at = Clock::now();
  const bool tried_again = testing::wait_until(
      [&] {
        try {
          pool.acquire(Deadline::after(1s));
        } catch (const Error& error) {
          return std::string_view(error.what()).find("cannot connect") != std::string_view::npos;
        }
        return false;
      },
      2s, 10ms);
  EXPECT_TRUE(tried_again);
  EXPECT_GE(Clock::now() - failed_at, 190ms);
}

TEST(RedisPool, RequestOutOfTimeDoesNotHoldBackTheNextConnect) {
  testing::SilentServer server;
  RedisPool pool(config_for(server.port()));
  expect_unavailable([&] { pool.acquire(Deadline(Clock::now() - 1ms)); }, "no time left");
  EXPECT_NO_THROW(pool.acquire(Deadline::after(1s)));
}

TEST(RedisPool, RejectsAnEmptyPool) {
  auto config = config_for(6379);
  config.pool_size = 0;
  EXPECT_THROW(RedisPool{config}, std::invalid_argument);
}

}  // namespace
}  // namespace products::adapters::redis
