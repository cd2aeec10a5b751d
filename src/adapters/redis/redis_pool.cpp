#include "adapters/redis/redis_pool.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/error.hpp"

namespace products::adapters::redis {

using domain::Deadline;
using domain::Error;

RedisPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

RedisPool::RedisPool(RedisConfig config) : config_(std::move(config)) {
  if (config_.pool_size == 0) throw std::invalid_argument("redis pool size must be at least 1");
}

RedisPool::Lease RedisPool::acquire(Deadline deadline) {
  std::unique_lock lock(mutex_);
  const bool ready = changed_.wait_until(lock, deadline.at(), [this] {
    return !idle_.empty() || open_ < config_.pool_size;
  });
  if (!ready) {
    throw Error::unavailable(fmt::format("redis: all {} connections busy", config_.pool_size));
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  if (Deadline::Clock::now() < connect_not_before_) {
    throw Error::unavailable("redis: unreachable, waiting before the next connect attempt");
  }
  ++open_;
  lock.unlock();
  return connect(deadline);
}

RedisPool::Lease RedisPool::connect(Deadline deadline) {
  try {
    auto connection = std::make_unique<RedisConnection>(config_, deadline);
    std::lock_guard lock(mutex_);
    if (!reachable_) spdlog::info("redis: {}:{} reachable again", config_.host, config_.port);
    reachable_ = true;
    return Lease(*this, std::move(connection));
  } catch (const std::exception& error) {
    std::lock_guard lock(mutex_);
    --open_;
    changed_.notify_one();
    // A request that ran out of time says nothing about Redis.
    if (deadline.expired()) throw;
    connect_not_before_ = Deadline::Clock::now() + config_.reconnect_backoff;
    if (reachable_) spdlog::warn("{}; cache reads fall through to MongoDB", error.what());
    reachable_ = false;
    throw;
  }
}

void RedisPool::give_back(std::unique_ptr<RedisConnection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (connection->broken()) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  changed_.notify_one();
}

}  // namespace products::adapters::redis
