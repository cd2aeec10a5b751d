#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace products::adapters::runtime {

// A fixed set of threads for the blocking calls of the C drivers (libmongoc, hiredis), so that
// I/O threads never wait on them. The queue is bounded: when it is full, try_submit refuses and
// the caller answers "unavailable" instead of piling up work it cannot finish in time.
class WorkPool {
 public:
  WorkPool(std::size_t threads, std::size_t queue_capacity, std::string name = "work");
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  bool try_submit(std::function<void()> task);
  // Runs what is queued, then joins the threads. Later submissions are refused.
  void stop();
  std::size_t queued() const;

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t capacity_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace products::adapters::runtime
