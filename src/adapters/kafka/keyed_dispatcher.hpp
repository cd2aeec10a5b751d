#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace products::adapters::kafka {

// A fixed set of threads that runs tasks with the same key one at a time, in the order they were
// submitted, and tasks with different keys in parallel. Keys take turns, so one busy key cannot
// starve the others. The queue itself is unbounded: its user bounds what it submits.
class KeyedDispatcher {
 public:
  KeyedDispatcher(std::size_t threads, const std::string& name);
  ~KeyedDispatcher();
  KeyedDispatcher(const KeyedDispatcher&) = delete;
  KeyedDispatcher& operator=(const KeyedDispatcher&) = delete;

  // Tasks must not throw; one that does is logged and counts as finished.
  void submit(const std::string& key, std::function<void()> task);
  // Runs everything submitted, then joins the threads.
  void stop();
  // Tasks submitted and not yet started.
  std::size_t queued() const;

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  // A key is here while it has a task queued or running; the running one is already popped.
  std::unordered_map<std::string, std::deque<std::function<void()>>> by_key_;
  // Keys whose next task may start: each key at most once, and never while one of its tasks runs.
  std::deque<std::string> runnable_;
  std::size_t queued_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace products::adapters::kafka
