#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/redis/async_redis_context.hpp"
#include "adapters/redis/redis_config.hpp"
#include "adapters/redis/redis_value.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::redis {

// One asynchronous Redis connection on its own strand, never blocking a thread. It connects at
// start, authenticates and selects the database the config names, and when Redis goes away
// reconnects after a backoff that doubles up to 8x config.reconnect_backoff; meanwhile commands
// fail at once. At most `max_in_flight` commands wait for an answer (more fail at once), and each
// one's callback is answered by its deadline at the latest: a stuck Redis costs a caller no more
// than the time it allowed.
class AsyncRedisConnection : public std::enable_shared_from_this<AsyncRedisConnection> {
 public:
  // Called exactly once, on the connection's strand; Failed when no answer came in time.
  using Callback = std::function<void(RedisValue)>;

  AsyncRedisConnection(boost::asio::any_io_executor executor, RedisConfig config, std::size_t max_in_flight);

  // From any thread.
  void start();
  void command(std::vector<std::string> args, domain::Deadline deadline, Callback done);
  // Ends the connection. Callbacks still pending are dropped uncalled, since their callers may be
  // gone: call it only once no thread runs the executor's io_context any more.
  void close();

 private:
  using Clock = domain::Deadline::Clock;

  struct Pending {
    Clock::time_point deadline;
    Callback done;  // empty once answered by the deadline, while the reply is still owed
  };

  enum class State { Waiting, Connecting, Ready, Closed };

  void connect();
  void on_connected(std::uint64_t generation);
  void on_reply(const redisReply* reply);
  void on_closed(std::uint64_t generation, const std::string& error);
  void send(std::vector<std::string> args, Clock::time_point deadline, Callback done);
  // Ends the current context on our side (a connect or a Redis that stopped answering).
  void drop(const std::string& why);
  void fail_all(const std::string& why);
  void wait_before_reconnecting(const std::string& why);
  void watch(Clock::time_point deadline);
  void on_deadline();
  AsyncRedisContext::Events events();

  boost::asio::any_io_executor strand_;
  const RedisConfig config_;
  const std::size_t max_in_flight_;
  std::shared_ptr<AsyncRedisContext> context_;
  std::uint64_t generation_ = 0;  // tells events of an old context from the current one's
  State state_ = State::Waiting;
  std::deque<Pending> pending_;  // in command order, as hiredis answers
  boost::asio::steady_timer deadline_timer_;
  Clock::time_point watched_ = Clock::time_point::max();
  boost::asio::steady_timer connect_timer_;
  std::chrono::milliseconds backoff_;
  bool reachable_ = true;  // so that only a change of state is logged
};

}  // namespace products::adapters::redis
