#include "adapters/redis/redis_pool.hpp"

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

RedisConfig stack_config() {
  RedisConfig config;
  config.host = testing::redis_host();
  config.port = testing::redis_port();
  config.pool_size = 2;
  return config;
}

class RedisConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_THROW(RedisConnection(stack_config(), Deadline::after(2s)))
        << "Redis is not answering on " << testing::redis_host() << ":" << testing::redis_port()
        << "; start it with `bash scripts/stack.sh up`";
  }

  RedisConnection connect() { return RedisConnection(stack_config(), Deadline::after(2s)); }

  const std::string key_ = testing::unique_name("it-redis");
};

TEST_F(RedisConnectionTest, SetWithTtlGetAndDelete) {
  auto connection = connect();
  EXPECT_EQ(connection.command({"SET", key_, "value", "EX", "60"}, Deadline::after(1s)).text(), "OK");
  EXPECT_EQ(connection.command({"GET", key_}, Deadline::after(1s)).text(), "value");
  const auto ttl = connection.command({"TTL", key_}, Deadline::after(1s)).integer();
  EXPECT_GT(ttl, 55);
  EXPECT_LE(ttl, 60);
  EXPECT_EQ(connection.command({"DEL", key_}, Deadline::after(1s)).integer(), 1);
  EXPECT_TRUE(connection.command({"GET", key_}, Deadline::after(1s)).is_nil());
}

TEST_F(RedisConnectionTest, BinaryValuesSurviveTheRoundTrip) {
  auto connection = connect();
  const std::string value("a\0b\r\nc", 6);
  connection.command({"SET", key_, value, "EX", "60"}, Deadline::after(1s));
  EXPECT_EQ(connection.command({"GET", key_}, Deadline::after(1s)).text(), value);
  connection.command({"DEL", key_}, Deadline::after(1s));
}

TEST_F(RedisConnectionTest, KeyExpiresAfterItsTtl) {
  auto connection = connect();
  connection.command({"SET", key_, "value", "EX", "1"}, Deadline::after(1s));
  EXPECT_FALSE(connection.command({"GET", key_}, Deadline::after(1s)).is_nil());
  EXPECT_TRUE(testing::wait_until(
      [&] { return connection.command({"GET", key_}, Deadline::after(1s)).is_nil(); }, 5s));
}

TEST_F(RedisConnectionTest, ErrorReplyThrowsUnavailableButKeepsTheConnection) {
  auto connection = connect();
  connection.command({"SET", key_, "not a list", "EX", "60"}, Deadline::after(1s));
  try {
    connection.command({"LPUSH", key_, "x"}, Deadline::after(1s));
    FAIL() << "expected an error reply";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_NE(std::string(error.what()).find("WRONGTYPE"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(connection.broken());
  EXPECT_EQ(connection.command({"DEL", key_}, Deadline::after(1s)).integer(), 1);
}

TEST_F(RedisConnectionTest, SelectsTheConfiguredDatabase) {
  auto config = stack_config();
  config.db = 1;
  RedisConnection in_db1(config, Deadline::after(2s));
  in_db1.command({"SET", key_, "one", "EX", "60"}, Deadline::after(1s));
  auto in_db0 = connect();
  EXPECT_TRUE(in_db0.command({"GET", key_}, Deadline::after(1s)).is_nil());
  EXPECT_EQ(in_db1.command({"GET", key_}, Deadline::after(1s)).text(), "one");
  in_db1.command({"DEL", key_}, Deadline::after(1s));
}

TEST_F(RedisConnectionTest, RejectedPasswordIsUnavailable) {
  auto config = stack_config();
  config.password = "not-the-password";
  try {
    RedisConnection connection(config, Deadline::after(2s));
    FAIL() << "expected AUTH to fail";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
    EXPECT_NE(std::string(error.what()).find("AUTH"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("not-the-password"), std::string::npos) << "password leaked";
  }
}

TEST_F(RedisConnectionTest, PoolReusesConnectionsAndReplacesOneTheServerClosed) {
  RedisPool pool(stack_config());
  const auto client_id = [&] {
    auto lease = pool.acquire(Deadline::after(1s));
    return lease->command({"CLIENT", "ID"}, Deadline::after(1s)).integer();
  };
  const auto first = client_id();
  EXPECT_EQ(client_id(), first);

  connect().command({"CLIENT", "KILL", "ID", std::to_string(first)}, Deadline::after(1s));
  EXPECT_THROW(client_id(), Error);  // the pooled connection learns it was closed, and is dropped
  const auto replacement = client_id();
  EXPECT_NE(replacement, first);
  EXPECT_EQ(client_id(), replacement);
}

}  // namespace
}  // namespace products::adapters::redis
