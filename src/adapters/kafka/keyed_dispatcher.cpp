#include "adapters/kafka/keyed_dispatcher.hpp"

#include <pthread.h>

#include <spdlog/spdlog.h>

namespace products::adapters::kafka {

KeyedDispatcher::KeyedDispatcher(std::size_t threads, const std::string& name) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { run(); });
    pthread_setname_np(threads_.back().native_handle(), name.substr(0, 15).c_str());
  }
}

KeyedDispatcher::~KeyedDispatcher() { stop(); }

void KeyedDispatcher::submit(const std::string& key, std::function<void()> task) {
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

void KeyedDispatcher::stop() {
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

std::size_t KeyedDispatcher::queued() const {
  std::lock_guard lock(mutex_);
  return queued_;
}

void KeyedDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    ready_.wait(lock, [this] { return !runnable_.empty() || (stopping_ && by_key_.empty()); });
    if (runnable_.empty()) return;
    auto key = std::move(runnable_.front());
    runnable_.pop_front();
    auto& tasks = by_key_.at(key);
    auto task = std::move(tasks.front());
    tasks.pop_front();
    --queued_;
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      spdlog::error("task for {} failed: {}", key, e.what());
    }
    lock.lock();
    auto it = by_key_.find(key);
    if (it->second.empty()) {
      by_key_.erase(it);
      // The last key gone: threads waiting to stop may go now.
      if (by_key_.empty()) ready_.notify_all();
    } else {
      runnable_.push_back(std::move(key));
      ready_.notify_one();
    }
  }
}

}  // namespace products::adapters::kafka
