#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "adapters/redis/redis_connection.hpp"
#include "support/test_env.hpp"
#include "unit/redis/silent_server.hpp"

namespace products::testing {

// A redis-server of the test's own, on a free loopback port, that the test may stop and start
// again (same port) without disturbing the shared stack's Redis, which other tests use.
class PrivateRedis {
 public:
  // KeepsData: stop() saves the data set and start() loads it again, as a Redis cut off from the
  // network still holds its entries when it comes back; otherwise it comes back empty.
  enum class Data { Lost, KeptAcrossStops };

  explicit PrivateRedis(Data data = Data::Lost)
      : port_(closed_port()), dump_(data == Data::KeptAcrossStops ? "products-test-redis-" + std::to_string(port_) + ".rdb" : "") {
    start();
  }
  ~PrivateRedis() {
    stop();
    if (!dump_.empty()) ::unlink(("/tmp/" + dump_).c_str());
  }
  PrivateRedis(const PrivateRedis&) = delete;
  PrivateRedis& operator=(const PrivateRedis&) = delete;

  int port() const noexcept { return port_; }
  bool running() const noexcept { return pid_ > 0; }

  // Starts the server and waits until it answers; false when it does not within 10 s.
  bool start() {
    if (pid_ > 0) return true;
    const auto port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      const auto dbfilename = dump_.empty() ? "products-test-redis-unused.rdb" : dump_;
      ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", "/tmp", "--dbfilename", dbfilename.c_str(), "--logfile", "",
               "--loglevel", "warning", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid_ < 0) return false;
    return wait_until(
        [this] {
          try {
            // Not LOADING: a server reading its dump answers PING but not GET.
            command({"GET", "products-test-redis-probe"});
            return true;
          } catch (const std::exception&) {
            return false;
          }
        },
        std::chrono::seconds(10));
  }

  void stop() {
    if (pid_ <= 0) return;
    if (!dump_.empty()) command({"SAVE"});
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

  // One command on a connection of its own; throws domain::Error when the server does not answer.
  adapters::redis::RedisReply command(std::initializer_list<std::string_view> args) const {
    adapters::redis::RedisConfig config;
    config.port = port_;
    const auto deadline = domain::Deadline::after(std::chrono::seconds(2));
    return adapters::redis::RedisConnection(config, deadline).command(args, deadline);
  }

 private:
  int port_;
  std::string dump_;
  pid_t pid_ = 0;
};

}  // namespace products::testing
