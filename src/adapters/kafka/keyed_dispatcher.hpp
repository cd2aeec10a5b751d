#pragma once

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

namespace products::adapters::kafka {

// A fixed set of threads that runs tasks in batches: a batch holds the next task of up to
// `batch_max` keys, each key at most once, and never a key whose earlier task is still running.
// So the tasks of one key run one at a time in the order they were submitted, tasks of different
// keys run in parallel (in one batch or in several), and one batch can be applied in one round
// trip. Keys take turns, so one busy key cannot starve the others; idle threads share the runnable
// keys, so a light load runs at once in small batches and a backlog in full ones. The queue itself
// is unbounded: its user bounds what it submits.
template <typename Task>
class KeyedDispatcher {
 public:
  class Batch {
   public:
    std::size_t size() const noexcept { return tasks_.size(); }
    Task& operator[](std::size_t i) { return tasks_[i]; }
    // The i-th task is finished: its key's next task may run now, while the rest of the batch
    // still runs. Idempotent; what the runner did not release is released when it returns.
    void release(std::size_t i) {
      if (released_[i]) return;
      released_[i] = true;
      owner_.finished(keys_[i]);
    }

   private:
    friend class KeyedDispatcher;
    explicit Batch(KeyedDispatcher& owner) : owner_(owner) {}

    KeyedDispatcher& owner_;
    std::vector<std::string> keys_;
    std::vector<Task> tasks_;
    std::vector<bool> released_;
  };
  // Must not throw; a runner that does is logged and its whole batch counts as finished.
  using Runner = std::function<void(Batch&)>;

  KeyedDispatcher(std::size_t threads, std::size_t batch_max, const std::string& name, Runner runner)
      : threads_count_(std::max<std::size_t>(threads, 1)),
        batch_max_(std::max<std::size_t>(batch_max, 1)),
        runner_(std::move(runner)) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
      threads_.emplace_back([this] { run(); });
      pthread_setname_np(threads_.back().native_handle(), name.substr(0, 15).c_str());
    }
  }
  ~KeyedDispatcher() { stop(); }
  KeyedDispatcher(const KeyedDispatcher&) = delete;
  KeyedDispatcher& operator=(const KeyedDispatcher&) = delete;

  void submit(const std::string& key, Task task) {
    {
      std::lock_guard lock(mutex_);
      auto [it, idle] = by_key_.try_emplace(key);
      it->second.push_back(std::move(task));
      ++queued_;
      if (!idle) return;
      runnable_.push_back(key);
    }
    ready_.notify_one();
  }

  // Runs everything submitted, then joins the threads.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
  }

  // Tasks submitted and not yet started.
  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return queued_;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      ready_.wait(lock, [this] { return !runnable_.empty() || (stopping_ && by_key_.empty()); });
      if (runnable_.empty()) return;
      // An equal share for each thread not running a batch (this one included), so that a light
      // load is spread over them all.
      const auto idle = threads_count_ - busy_;
      const auto take = std::min(batch_max_, (runnable_.size() + idle - 1) / idle);
      Batch batch(*this);
      for (std::size_t i = 0; i < take; ++i) {
        auto& tasks = by_key_.at(runnable_.front());
        batch.tasks_.push_back(std::move(tasks.front()));
        tasks.pop_front();
        batch.keys_.push_back(std::move(runnable_.front()));
        runnable_.pop_front();
      }
      batch.released_.assign(take, false);
      queued_ -= take;
      ++busy_;
      if (!runnable_.empty()) ready_.notify_one();
      lock.unlock();
      try {
        runner_(batch);
      } catch (const std::exception& e) {
        spdlog::error("batch of {} task(s) failed: {}", batch.size(), e.what());
      }
      for (std::size_t i = 0; i < batch.size(); ++i) batch.release(i);
      lock.lock();
      --busy_;
    }
  }

  void finished(std::string key) {
    {
      std::lock_guard lock(mutex_);
      auto it = by_key_.find(key);
      if (it->second.empty()) {
        by_key_.erase(it);
        // The last key gone: threads waiting to stop may go now.
        if (by_key_.empty()) ready_.notify_all();
        return;
      }
      runnable_.push_back(std::move(key));
    }
    ready_.notify_one();
  }

  const std::size_t threads_count_;
  const std::size_t batch_max_;
  const Runner runner_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  // A key is here while it has a task queued or running; the running one is already popped.
  std::unordered_map<std::string, std::deque<Task>> by_key_;
  // Keys whose next task may start: each key at most once, and never while one of its tasks runs.
  std::deque<std::string> runnable_;
  std::size_t queued_ = 0;
  std::size_t busy_ = 0;  // threads running a batch
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace products::adapters::kafka
