#include "adapters/redis/redis_connection.hpp"

#include <sys/time.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include "adapters/redis/redis_argv.hpp"
#include "domain/error.hpp"

namespace products::adapters::redis {

using domain::Deadline;
using domain::Error;

namespace {

timeval to_timeval(std::chrono::milliseconds budget) {
  // Zero would mean "no timeout" to the socket options hiredis sets.
  const auto ms = std::max<std::int64_t>(budget.count(), 1);
  return timeval{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
}

}  // namespace

void RedisConnection::Free::operator()(redisContext* context) const noexcept { redisFree(context); }

RedisConnection::RedisConnection(const RedisConfig& config, Deadline deadline) : observer_(config.observer) {
  if (deadline.expired()) throw Error::unavailable("redis: no time left to connect");
  const auto budget = std::min(config.connect_timeout, deadline.remaining());
  context_.reset(redisConnectWithTimeout(config.host.c_str(), config.port, to_timeval(budget)));
  if (!context_) throw Error::unavailable("redis: out of memory allocating a connection");
  if (context_->err) {
    throw Error::unavailable(
        fmt::format("redis: cannot connect to {}:{}: {}", config.host, config.port, context_->errstr));
  }
  if (config.password) command({"AUTH", *config.password}, deadline);
  if (config.db != 0) command({"SELECT", std::to_string(config.db)}, deadline);
}

RedisReply RedisConnection::command(std::initializer_list<std::string_view> args, Deadline deadline) {
  return command(std::span<const std::string_view>(args.begin(), args.size()), deadline);
}

RedisReply RedisConnection::command(std::span<const std::string_view> args, Deadline deadline) {
  if (!observer_) return run(args, deadline);
  const auto started = std::chrono::steady_clock::now();
  const auto report = [&](bool ok) {
    observer_->completed(RedisConfig::operation_name(args.front()), ok, std::chrono::steady_clock::now() - started);
  };
  try {
    auto reply = run(args, deadline);
    report(true);
    return reply;
  } catch (...) {
    report(false);
    throw;
  }
}

RedisReply RedisConnection::run(std::span<const std::string_view> args, Deadline deadline) {
  const std::string_view name = args.front();
  if (broken_) throw Error::unavailable(fmt::format("redis {}: connection is broken", name));
  if (deadline.expired()) throw Error::unavailable(fmt::format("redis {}: no time left", name));

  if (redisSetTimeout(context_.get(), to_timeval(deadline.remaining())) != REDIS_OK) {
    broken_ = true;
    throw Error::unavailable(fmt::format("redis {}: cannot set timeout: {}", name, context_->errstr));
  }
  RedisArgv argv(args);
  auto* raw = static_cast<redisReply*>(redisCommandArgv(context_.get(), argv.count(), argv.pointers(), argv.lengths()));
  if (!raw) {
    broken_ = true;
    // hiredis reports a socket timeout as EAGAIN ("Resource temporarily unavailable").
    throw Error::unavailable(fmt::format("redis {}: {}", name,
                                         deadline.expired() ? "timed out" : context_->errstr));
  }
  RedisReply reply(raw);
  if (reply.is_error()) throw Error::unavailable(fmt::format("redis {}: {}", name, reply.text()));
  return reply;
}

}  // namespace products::adapters::redis
