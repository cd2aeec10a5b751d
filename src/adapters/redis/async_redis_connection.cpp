#include "adapters/redis/async_redis_connection.hpp"

#include <algorithm>
#include <string_view>

#include <boost/asio/defer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace products::adapters::redis {

namespace net = boost::asio;

namespace {

// The backoff between connect attempts grows to this multiple of config.reconnect_backoff.
constexpr int kMaxBackoffFactor = 8;

}  // namespace

AsyncRedisConnection::AsyncRedisConnection(net::any_io_executor executor, RedisConfig config,
                                           std::size_t max_in_flight)
    : strand_(net::make_strand(std::move(executor))),
      config_(std::move(config)),
      max_in_flight_(std::max<std::size_t>(max_in_flight, 1)),
      deadline_timer_(strand_),
      connect_timer_(strand_),
      backoff_(config_.reconnect_backoff) {}

void AsyncRedisConnection::start() {
  net::post(strand_, [self = shared_from_this()] { self->connect(); });
}

void AsyncRedisConnection::command(std::vector<std::string> args, domain::Deadline deadline, Callback done) {
  // Deferred, not posted: called from an I/O thread, the command stays on that thread instead of
  // waking the other one (a context switch per request on a busy machine).
  net::defer(strand_, [self = shared_from_this(), args = std::move(args), deadline, done = std::move(done)]() mutable {
    self->send(std::move(args), deadline.at(), std::move(done));
  });
}

void AsyncRedisConnection::close() {
  state_ = State::Closed;
  connect_timer_.cancel();
  deadline_timer_.cancel();
  pending_.clear();
  if (context_) context_->close();
  context_.reset();
}

void AsyncRedisConnection::connect() {
  if (state_ == State::Closed) return;
  state_ = State::Connecting;
  ++generation_;
  try {
    context_ = AsyncRedisContext::connect(strand_, config_.host, config_.port, events());
  } catch (const std::exception& error) {
    wait_before_reconnecting(error.what());
    return;
  }
  const auto setup_deadline = Clock::now() + config_.connect_timeout;
  auto check = [weak = weak_from_this(), generation = generation_](RedisValue value) {
    if (!value.is_failure()) return;
    // Not from inside hiredis's reply callback: the context would be freed under it.
    if (auto self = weak.lock()) {
      net::post(self->strand_, [self, generation, why = value.text] {
        if (self->generation_ == generation) self->drop("redis: connection setup failed: " + why);
      });
    }
  };
  if (config_.password) send({"AUTH", *config_.password}, setup_deadline, check);
  if (config_.db != 0) send({"SELECT", std::to_string(config_.db)}, setup_deadline, check);
  connect_timer_.expires_after(config_.connect_timeout);
  connect_timer_.async_wait([self = shared_from_this(), generation = generation_](boost::system::error_code ec) {
    if (ec || self->generation_ != generation || self->state_ != State::Connecting) return;
    self->drop(fmt::format("redis: cannot connect to {}:{}: timed out", self->config_.host, self->config_.port));
  });
}

AsyncRedisContext::Events AsyncRedisConnection::events() {
  AsyncRedisContext::Events events;
  const auto generation = generation_;
  events.connected = [weak = weak_from_this(), generation] {
    if (auto self = weak.lock()) self->on_connected(generation);
  };
  events.reply = [weak = weak_from_this()](const redisReply* reply) {
    if (auto self = weak.lock()) self->on_reply(reply);
  };
  events.closed = [weak = weak_from_this(), generation](std::string error) {
    if (auto self = weak.lock()) self->on_closed(generation, error);
  };
  return events;
}

void AsyncRedisConnection::on_connected(std::uint64_t generation) {
  if (generation != generation_ || state_ != State::Connecting) return;
  state_ = State::Ready;
  connect_timer_.cancel();
  backoff_ = config_.reconnect_backoff;
  if (!reachable_) spdlog::info("redis: {}:{} reachable again", config_.host, config_.port);
  reachable_ = true;
}

void AsyncRedisConnection::on_reply(const redisReply* reply) {
  if (pending_.empty()) return;
  auto done = std::move(pending_.front().done);
  pending_.pop_front();
  if (!done) return;  // answered by its deadline already
  try {
    done(reply ? RedisValue::from(*reply) : RedisValue::failed("redis: connection lost"));
  } catch (const std::exception& error) {
    // Never through hiredis's C frames.
    spdlog::error("redis: a command's callback threw: {}", error.what());
  }
}

void AsyncRedisConnection::on_closed(std::uint64_t generation, const std::string& error) {
  if (generation != generation_ || state_ == State::Closed) return;
  context_.reset();
  fail_all("redis: connection lost");
  wait_before_reconnecting(fmt::format("redis: {}:{}: {}", config_.host, config_.port, error));
}

void AsyncRedisConnection::send(std::vector<std::string> args, Clock::time_point deadline, Callback done) {
  const auto fail = [&done](std::string why) { done(RedisValue::failed(std::move(why))); };
  if (state_ == State::Waiting || state_ == State::Closed || !context_) {
    return fail("redis: unreachable, waiting before the next connect attempt");
  }
  if (Clock::now() >= deadline) return fail("redis: no time left");
  if (pending_.size() >= max_in_flight_) {
    return fail(fmt::format("redis: {} commands already waiting for an answer", pending_.size()));
  }
  const std::vector<std::string_view> views(args.begin(), args.end());
  if (!context_->command(views)) return fail("redis: connection is closing");
  pending_.push_back(Pending{deadline, std::move(done)});
  watch(deadline);
}

void AsyncRedisConnection::drop(const std::string& why) {
  if (context_) context_->close();
  context_.reset();
  fail_all(why);
  wait_before_reconnecting(why);
}

void AsyncRedisConnection::fail_all(const std::string& why) {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& entry : pending) {
    if (entry.done) entry.done(RedisValue::failed(why));
  }
}

void AsyncRedisConnection::wait_before_reconnecting(const std::string& why) {
  if (state_ == State::Closed) return;
  state_ = State::Waiting;
  ++generation_;
  if (reachable_) spdlog::warn("{}; cached reads go to MongoDB until it is back", why);
  reachable_ = false;
  connect_timer_.expires_after(backoff_);
  connect_timer_.async_wait([self = shared_from_this(), generation = generation_](boost::system::error_code ec) {
    if (!ec && self->generation_ == generation) self->connect();
  });
  backoff_ = std::min(backoff_ * 2, config_.reconnect_backoff * kMaxBackoffFactor);
}

void AsyncRedisConnection::watch(Clock::time_point deadline) {
  if (deadline >= watched_) return;
  watched_ = deadline;
  deadline_timer_.expires_at(deadline);
  deadline_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->on_deadline();
  });
}

void AsyncRedisConnection::on_deadline() {
  watched_ = Clock::time_point::max();
  if (pending_.empty()) return;
  const auto now = Clock::now();
  // A Redis that leaves the oldest command unanswered this long past its deadline is taken as
  // gone (a hung server, a dead peer that sent no reset): reconnecting beats waiting forever.
  const auto stalled_at = pending_.front().deadline + config_.connect_timeout;
  if (now >= stalled_at) {
    drop(fmt::format("redis: {}:{} stopped answering", config_.host, config_.port));
    return;
  }
  auto next = stalled_at;
  for (auto& entry : pending_) {
    if (!entry.done) continue;
    if (entry.deadline <= now) {
      auto done = std::move(entry.done);
      entry.done = nullptr;
      done(RedisValue::failed("redis: timed out"));
    } else {
      next = std::min(next, entry.deadline);
    }
  }
  watch(next);
}

}  // namespace products::adapters::redis
