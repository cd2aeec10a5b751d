#include "adapters/redis/async_redis_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/redis/redis_connection.hpp"
#include "integration/redis/private_redis.hpp"
#include "support/test_env.hpp"
#include "unit/redis/io_runner.hpp"

namespace products::adapters::redis {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using testing::Answer;
using Type = RedisValue::Type;
using Clock = std::chrono::steady_clock;

class AsyncRedisClientTest : public ::testing::Test {
 protected:
  AsyncRedisClientTest() {
    config_.host = testing::redis_host();
    config_.port = testing::redis_port();
    prefix_ = testing::unique_name("it-async") + ":";
  }

  void TearDown() override {
    io_.stop();
    client_.reset();
  }

  AsyncRedisClient& start_client(std::size_t connections = 1) {
    config_.async_connections = connections;
    client_.emplace(io_.executor(), config_);
    return *client_;
  }

  RedisConnection raw() const { return RedisConnection(config_, Deadline::after(2s)); }

  RedisValue run(std::vector<std::string> args, std::chrono::milliseconds budget = 1s) {
    Answer answer;
    client_->command(std::move(args), Deadline::after(budget), answer.callback());
    return answer.get();
  }

  // Polls until the client answers a command again (after a reconnect).
  bool answers_again(std::chrono::milliseconds within) {
    return testing::wait_until([&] { return run({"PING"}, 500ms).is_string(); }, within, 50ms);
  }

  RedisConfig config_;
  std::string prefix_;
  testing::IoRunner io_{2};
  std::optional<AsyncRedisClient> client_;
};

TEST_F(AsyncRedisClientTest, GetAnswersAHitAndAMiss) {
  raw().command({"SET", prefix_ + "k", "value one", "EX", "60"}, Deadline::after(1s));
  start_client();
  const auto hit = run({"GET", prefix_ + "k"});
  EXPECT_EQ(hit.type, Type::String) << hit.text;
  EXPECT_EQ(hit.text, "value one");
  EXPECT_EQ(run({"GET", prefix_ + "absent"}).type, Type::Nil);
  EXPECT_EQ(run({"DEL", prefix_ + "k"}).integer, 1);
}

TEST_F(AsyncRedisClientTest, AnErrorReplyIsAnErrorAndTheConnectionStaysUsable) {
  start_client();
  const auto error = run({"NOSUCHCOMMAND"});
  EXPECT_EQ(error.type, Type::Error);
  EXPECT_TRUE(error.is_failure());
  EXPECT_EQ(run({"PING"}).text, "PONG");
}

// A command that Redis holds (BLPOP on an empty list) stands for a stuck Redis: its caller, and
// the callers queued behind it on the same connection, are answered by their deadlines, and once
// the connection is taken as stalled it is replaced.
TEST_F(AsyncRedisClientTest, AStuckConnectionAnswersByTheDeadlineAndIsReplaced) {
  config_.connect_timeout = 300ms;
  config_.reconnect_backoff = 100ms;
  start_client();
  ASSERT_EQ(run({"PING"}).text, "PONG");
  Answer blocked;
  Answer behind;
  const auto start = Clock::now();
  client_->command({"BLPOP", prefix_ + "empty-list", "5"}, Deadline::after(200ms), blocked.callback());
  client_->command({"GET", prefix_ + "k"}, Deadline::after(200ms), behind.callback());
  EXPECT_EQ(blocked.get().type, Type::Failed);
  EXPECT_EQ(behind.get().type, Type::Failed);
  EXPECT_LT(Clock::now() - start, 450ms);
  // The stalled connection is dropped 300 ms past the deadline, well before BLPOP's 5 s end.
  EXPECT_TRUE(answers_again(3s));
  EXPECT_LT(Clock::now() - start, 3s);
}

TEST_F(AsyncRedisClientTest, ReconnectsWhenRedisDropsTheConnection) {
  config_.reconnect_backoff = 100ms;
  start_client();
  const auto id = run({"CLIENT", "ID"});
  ASSERT_EQ(id.type, Type::Integer);
  const auto killed = raw().command({"CLIENT", "KILL", "ID", std::to_string(id.integer)}, Deadline::after(1s));
  ASSERT_EQ(killed.integer(), 1);
  EXPECT_TRUE(answers_again(5s));
  const auto new_id = run({"CLIENT", "ID"});
  ASSERT_EQ(new_id.type, Type::Integer);
  EXPECT_NE(new_id.integer, id.integer);
}

TEST_F(AsyncRedisClientTest, RedisStoppedFailsFastAndRestartedIsUsedAgain) {
  testing::PrivateRedis redis;
  ASSERT_TRUE(redis.running());
  config_.host = "127.0.0.1";
  config_.port = redis.port();
  config_.reconnect_backoff = 100ms;
  start_client();
  ASSERT_TRUE(answers_again(5s));
  redis.stop();
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto start = Clock::now();
    const auto value = run({"GET", "k"}, 1s);
    EXPECT_EQ(value.type, Type::Failed) << value.text;
    EXPECT_LT(Clock::now() - start, 300ms) << "a command waited for a Redis that is gone";
  }
  ASSERT_TRUE(redis.start());
  EXPECT_TRUE(answers_again(5s));
  EXPECT_EQ(run({"SET", "k", "v"}).text, "OK");
  EXPECT_EQ(run({"GET", "k"}).text, "v");
}

TEST_F(AsyncRedisClientTest, ManyConcurrentCallersEachGetTheirOwnAnswer) {
  constexpr int kKeys = 64;
  constexpr int kThreads = 16;
  constexpr int kPerThread = 300;
  {
    auto connection = raw();
    for (int i = 0; i < kKeys; ++i) {
      connection.command({"SET", prefix_ + std::to_string(i), "v" + std::to_string(i), "EX", "60"},
                         Deadline::after(1s));
    }
  }
  start_client(2);
  std::atomic<int> right{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto key = (t * kPerThread + i) % kKeys;
        if (run({"GET", prefix_ + std::to_string(key)}, 5s).text == "v" + std::to_string(key)) ++right;
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(right.load(), kThreads * kPerThread);
}

TEST_F(AsyncRedisClientTest, ABurstPastTheInFlightBoundIsAnsweredInFullAndInTime) {
  config_.max_in_flight = 256;
  start_client();
  ASSERT_EQ(run({"PING"}).text, "PONG");
  constexpr int kBurst = 2000;
  std::vector<Answer> answers(kBurst);
  for (auto& answer : answers) client_->command({"PING"}, Deadline::after(5s), answer.callback());
  int answered = 0;
  int refused = 0;
  for (auto& answer : answers) {
    const auto value = answer.get(10s);
    if (value.is_string()) {
      ++answered;
    } else if (value.text.find("waiting for an answer") != std::string::npos) {
      ++refused;
    }
  }
  EXPECT_EQ(answered + refused, kBurst);
  EXPECT_GE(answered, 256);
}

}  // namespace
}  // namespace products::adapters::redis
