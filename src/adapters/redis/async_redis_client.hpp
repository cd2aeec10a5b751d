#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/redis/async_redis_connection.hpp"
#include "adapters/redis/redis_config.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::redis {

// config.async_connections asynchronous connections on an io_context's threads, used in turn. See
// AsyncRedisConnection for what each guarantees.
class AsyncRedisClient {
 public:
  // Connects at once, in the background: commands fail fast until a connection is up.
  AsyncRedisClient(boost::asio::any_io_executor executor, RedisConfig config);
  // Only once no thread runs the io_context any more; callbacks still pending are dropped uncalled.
  ~AsyncRedisClient();
  AsyncRedisClient(const AsyncRedisClient&) = delete;
  AsyncRedisClient& operator=(const AsyncRedisClient&) = delete;

  // From any thread; `done` runs on an I/O thread and must not block.
  void command(std::vector<std::string> args, domain::Deadline deadline, AsyncRedisConnection::Callback done);

  const RedisConfig& config() const noexcept { return config_; }

 private:
  const RedisConfig config_;
  std::vector<std::shared_ptr<AsyncRedisConnection>> connections_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace products::adapters::redis
