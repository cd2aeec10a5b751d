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
  PrivateRedis() : port_(closed_port()) { start(); }
  ~PrivateRedis() { stop(); }
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
      ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", "/tmp", "--logfile", "", "--loglevel", "warning",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid_ < 0) return false;
    return wait_until(
        [this] {
          try {
            adapters::redis::RedisConfig config;
            config.port = port_;
            adapters::redis::RedisConnection(config, domain::Deadline::after(std::chrono::milliseconds(200)))
                .command({"PING"}, domain::Deadline::after(std::chrono::milliseconds(200)));
            return true;
          } catch (const std::exception&) {
            return false;
          }
        },
        std::chrono::seconds(10));
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  int port_;
  pid_t pid_ = 0;
};

}  // namespace products::testing
