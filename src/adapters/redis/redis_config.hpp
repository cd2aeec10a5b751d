#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace products::adapters::redis {

struct RedisConfig {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::optional<std::string> password;
  int db = 0;
  std::size_t pool_size = 8;
  std::chrono::seconds ttl{3600};
  std::string key_prefix = "products:";
  std::chrono::milliseconds connect_timeout{500};
  // A cache call never takes more than this, whatever the request's deadline, so that a slow
  // Redis leaves the request enough time to read from MongoDB instead.
  std::chrono::milliseconds command_timeout{250};
  // After a failed connect, new connections are not tried for this long: while Redis is down,
  // requests fail over to MongoDB at once instead of each paying a connect attempt.
  std::chrono::milliseconds reconnect_backoff{500};
};

}  // namespace products::adapters::redis
