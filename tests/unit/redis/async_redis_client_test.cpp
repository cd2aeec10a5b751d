#include "adapters/redis/async_redis_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "unit/redis/io_runner.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using testing::Answer;
using Clock = std::chrono::steady_clock;

// What the client does when Redis does not behave; the happy paths run against the real Redis
// in the integration tests.
class AsyncRedisClientTest : public ::testing::Test {
 protected:
  void TearDown() override {
    io_.stop();
    client_.reset();
  }

  AsyncRedisClient& client_for(int port) {
    config_.port = port;
    client_.emplace(io_.executor(), config_);
    return *client_;
  }

  RedisConfig config_;
  testing::IoRunner io_;
  std::optional<AsyncRedisClient> client_;
};

TEST_F(AsyncRedisClientTest, HungRedisAnswersFailedByTheDeadline) {
  const testing::SilentServer server;
  auto& client = client_for(server.port());
  Answer answer;
  const auto start = Clock::now();
  client.command({"GET", "k"}, Deadline::after(100ms), answer.callback());
  const auto value = answer.get();
  const auto took = Clock::now() - start;
  EXPECT_EQ(value.type, RedisValue::Type::Failed) << value.text;
  EXPECT_GE(took, 90ms);
  EXPECT_LT(took, 400ms);
}

TEST_F(AsyncRedisClientTest, CommandsPastTheInFlightBoundFailAtOnce) {
  const testing::SilentServer server;
  config_.max_in_flight = 2;
  auto& client = client_for(server.port());
  Answer first;
  Answer second;
  Answer third;
  client.command({"GET", "a"}, Deadline::after(2s), first.callback());
  client.command({"GET", "b"}, Deadline::after(2s), second.callback());
  const auto start = Clock::now();
  client.command({"GET", "c"}, Deadline::after(2s), third.callback());
  const auto value = third.get();
  EXPECT_LT(Clock::now() - start, 500ms);
  EXPECT_EQ(value.type, RedisValue::Type::Failed);
  EXPECT_NE(value.text.find("waiting for an answer"), std::string::npos) << value.text;
  EXPECT_EQ(first.get().type, RedisValue::Type::Failed);
  EXPECT_EQ(second.get().type, RedisValue::Type::Failed);
}

TEST_F(AsyncRedisClientTest, RefusedConnectionFailsFastAndKeepsFailingFastDuringTheBackoff) {
  config_.reconnect_backoff = 5s;
  auto& client = client_for(testing::closed_port());
  for (int attempt = 0; attempt < 3; ++attempt) {
    Answer answer;
    const auto start = Clock::now();
    client.command({"GET", "k"}, Deadline::after(2s), answer.callback());
    const auto value = answer.get();
    EXPECT_EQ(value.type, RedisValue::Type::Failed) << value.text;
    EXPECT_LT(Clock::now() - start, 500ms);
  }
}

TEST_F(AsyncRedisClientTest, ACommandWithNoTimeLeftFailsAtOnce) {
  const testing::SilentServer server;
  auto& client = client_for(server.port());
  Answer answer;
  client.command({"GET", "k"}, Deadline(Clock::now() - 1ms), answer.callback());
  EXPECT_EQ(answer.get(1s).type, RedisValue::Type::Failed);
}

TEST_F(AsyncRedisClientTest, DestroyingWithCommandsPendingDropsThemQuietly) {
  const testing::SilentServer server;
  auto& client = client_for(server.port());
  bool called = false;
  client.command({"GET", "k"}, Deadline::after(10s), [&called](RedisValue) { called = true; });
  io_.stop();
  client_.reset();
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace products::adapters::redis
