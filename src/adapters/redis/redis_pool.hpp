#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "adapters/redis/redis_config.hpp"
#include "adapters/redis/redis_connection.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::redis {

// A bounded set of connections, opened lazily and checked out by scope. A connection that broke
// while leased is dropped on return, so the next checkout reconnects.
class RedisPool {
 public:
  // Returns its connection to the pool when it goes out of scope. Must not outlive the pool.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    RedisConnection& operator*() const noexcept { return *connection_; }
    RedisConnection* operator->() const noexcept { return connection_.get(); }

   private:
    friend class RedisPool;
    Lease(RedisPool& pool, std::unique_ptr<RedisConnection> connection) noexcept
        : pool_(&pool), connection_(std::move(connection)) {}

    RedisPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  explicit RedisPool(RedisConfig config);
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  // Waits until the deadline for a free connection; throws domain::Error(Unavailable) when none
  // frees up in time, or when Redis cannot be reached.
  Lease acquire(domain::Deadline deadline);

  const RedisConfig& config() const noexcept { return config_; }

 private:
  Lease connect(domain::Deadline deadline);
  void give_back(std::unique_ptr<RedisConnection> connection) noexcept;

  const RedisConfig config_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;
  std::size_t open_ = 0;  // idle, leased, or being connected
  domain::Deadline::Clock::time_point connect_not_before_{};
  bool reachable_ = true;  // so that only a change of state is logged, not every failed request
};

}  // namespace products::adapters::redis
