#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/deadline.hpp"

namespace products::app {

// Checks the dependencies in the background and keeps the verdict in atomics, so that /readyz
// answers from memory and never waits on a driver.
class ReadinessProber {
 public:
  // A probe returns normally when the dependency answered before the deadline, and throws otherwise.
  using Probe = std::function<void(domain::Deadline)>;

  explicit ReadinessProber(std::chrono::milliseconds interval);
  ~ReadinessProber();
  ReadinessProber(const ReadinessProber&) = delete;
  ReadinessProber& operator=(const ReadinessProber&) = delete;

  void add(std::string name, Probe probe);
  void start();
  void stop();
  // Names of failing dependencies; empty when all answer.
  std::vector<std::string> failing() const;

 private:
  struct Entry {
    std::string name;
    Probe probe;
    std::atomic<bool> healthy{false};
  };

  void run();

  std::chrono::milliseconds interval_;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace products::app
