#pragma once

#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include "adapters/redis/redis_config.hpp"
#include "adapters/redis/redis_reply.hpp"
#include "domain/deadline.hpp"

struct redisContext;

namespace products::adapters::redis {

// One blocking hiredis connection. Every call is bounded by a deadline, so a worker thread never
// waits on Redis longer than its request may. Failures are domain::Error(Unavailable).
class RedisConnection {
 public:
  // Connects within the connect timeout (and the deadline), then authenticates and selects the
  // database the config names.
  RedisConnection(const RedisConfig& config, domain::Deadline deadline);

  // Runs one command. An error reply throws but leaves the connection usable; a transport
  // failure (refused, timeout, EOF, protocol error) also marks it broken, because a reply may
  // still be in flight and would answer the next command.
  RedisReply command(std::initializer_list<std::string_view> args, domain::Deadline deadline);
  RedisReply command(std::span<const std::string_view> args, domain::Deadline deadline);

  bool broken() const noexcept { return broken_; }

 private:
  struct Free {
    void operator()(redisContext* context) const noexcept;
  };
  RedisReply run(std::span<const std::string_view> args, domain::Deadline deadline);

  usecase::OperationObserver* observer_;
  std::unique_ptr<redisContext, Free> context_;
  bool broken_ = false;
};

}  // namespace products::adapters::redis
