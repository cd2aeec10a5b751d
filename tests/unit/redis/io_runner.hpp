#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/redis/redis_value.hpp"

namespace products::testing {

// An io_context run by its own threads, as the HTTP server runs its I/O threads. stop() joins them,
// after which asynchronous clients on it may be destroyed.
class IoRunner {
 public:
  explicit IoRunner(std::size_t threads = 1) : io_(static_cast<int>(threads)), work_(io_.get_executor()) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~IoRunner() { stop(); }
  IoRunner(const IoRunner&) = delete;
  IoRunner& operator=(const IoRunner&) = delete;

  boost::asio::any_io_executor executor() { return io_.get_executor(); }

  void stop() {
    work_.reset();
    io_.stop();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

// A callback for an asynchronous command and the future of its value.
class Answer {
 public:
  std::function<void(adapters::redis::RedisValue)> callback() {
    return [promise = promise_](adapters::redis::RedisValue value) { promise->set_value(std::move(value)); };
  }
  // The value, or a Failed value saying that no answer came within `timeout`.
  adapters::redis::RedisValue get(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    if (future_.wait_for(timeout) != std::future_status::ready) {
      return adapters::redis::RedisValue::failed("test: no answer in time");
    }
    return future_.get();
  }

 private:
  std::shared_ptr<std::promise<adapters::redis::RedisValue>> promise_ =
      std::make_shared<std::promise<adapters::redis::RedisValue>>();
  std::future<adapters::redis::RedisValue> future_ = promise_->get_future();
};

}  // namespace products::testing
