#pragma once

// In-memory stand-ins for the use case's ports, so that the real ProductService, RestApi and
// HttpServer run without Kafka, Redis or MongoDB.

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/error.hpp"
#include "usecase/cache_observer.hpp"
#include "usecase/cached_product_reader.hpp"
#include "usecase/command_publisher.hpp"
#include "usecase/product_cache.hpp"
#include "usecase/product_repository.hpp"

namespace products::adapters::http::testing {

class FakeRepository : public usecase::ProductRepository {
 public:
  void add(const domain::Product& product) {
    std::lock_guard lock(mutex_);
    products_[product.id] = product;
  }
  // Every later read throws this.
  void fail_with(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    failure_ = error;
  }
  // Reads wait until release() (to fill the WorkPool).
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    released_.notify_all();
  }
  std::optional<domain::SearchQuery> last_query() const {
    std::lock_guard lock(mutex_);
    return last_query_;
  }

  bool upsert(const domain::Product&, std::int64_t, domain::Deadline) override { return true; }
  std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t,
                                                  domain::Deadline) override {
    return product;
  }
  bool remove(const domain::ObjectId&, std::int64_t, domain::Deadline) override { return true; }

  std::size_t reads_by_id() const {
    std::lock_guard lock(mutex_);
    return reads_by_id_;
  }

  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline) override {
    std::unique_lock lock(mutex_);
    ++reads_by_id_;
    wait_and_maybe_fail(lock);
    const auto it = products_.find(id);
    if (it == products_.end()) return std::nullopt;
    return it->second;
  }

  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline) override {
    std::unique_lock lock(mutex_);
    wait_and_maybe_fail(lock);
    last_query_ = query;
    domain::SearchPage page;
    page.page = query.page;
    page.size = query.size;
    page.total_count = static_cast<std::int64_t>(products_.size());
    for (const auto& [id, product] : products_) page.products.push_back(product);
    return page;
  }

 private:
  void wait_and_maybe_fail(std::unique_lock<std::mutex>& lock) {
    released_.wait(lock, [this] { return !held_; });
    if (failure_) std::rethrow_exception(failure_);
  }

  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::map<domain::ObjectId, domain::Product> products_;
  std::exception_ptr failure_;
  std::optional<domain::SearchQuery> last_query_;
  std::size_t reads_by_id_ = 0;
  bool held_ = false;
};

class FakeCache : public usecase::ProductCache {
 public:
  std::optional<domain::Product> get(const domain::ObjectId&, domain::Deadline) override {
    ++gets_;
    return std::nullopt;
  }
  std::size_t gets() const { return gets_; }
  void put(const domain::Product&, domain::Deadline) override {}
  void invalidate(const domain::ObjectId&, domain::Deadline) override {}
  void invalidate_all(domain::Deadline) override {}

 private:
  std::atomic<std::size_t> gets_ = 0;
};

// The fast read path as the handler sees it: an entry per id (a hit) or none (a miss, or, after
// answer_unsure, what a reader answers for a foreign entry or a Redis failure). It can answer from
// its own thread, later, as a real reader answers from an I/O thread.
class FakeCachedReader : public usecase::CachedProductReader {
 public:
  ~FakeCachedReader() override { join(); }

  // Waits for the answers given from other threads.
  void join() {
    std::vector<std::thread> answering;
    {
      std::lock_guard lock(mutex_);
      answering.swap(answering_);
    }
    for (auto& thread : answering) thread.join();
  }

  void put(const domain::ObjectId& id, std::string encoded) {
    std::lock_guard lock(mutex_);
    entries_[id] = std::move(encoded);
  }
  void answer_from_another_thread() {
    std::lock_guard lock(mutex_);
    other_thread_ = true;
  }
  void answer_unsure() {
    std::lock_guard lock(mutex_);
    unsure_ = true;
  }
  std::size_t lookups() const {
    std::lock_guard lock(mutex_);
    return lookups_;
  }

  void lookup(const domain::ObjectId& id, domain::Deadline, Callback done) override {
    auto found = usecase::CacheLookup::miss();
    bool other_thread = false;
    {
      std::lock_guard lock(mutex_);
      ++lookups_;
      if (const auto it = entries_.find(id); it != entries_.end()) found = usecase::CacheLookup::hit(it->second);
      else if (unsure_) found = usecase::CacheLookup::unsure();
      other_thread = other_thread_;
    }
    if (other_thread) {
      std::lock_guard lock(mutex_);
      answering_.emplace_back([done = std::move(done), found = std::move(found)]() mutable { done(std::move(found)); });
    } else {
      done(std::move(found));
    }
  }

 private:
  mutable std::mutex mutex_;
  std::map<domain::ObjectId, std::string> entries_;
  std::size_t lookups_ = 0;
  bool other_thread_ = false;
  bool unsure_ = false;
  std::vector<std::thread> answering_;
};

// Acknowledges at once, fails at once, throws, or holds the completions until the test settles them
// (a broker that is slow to acknowledge).
class FakePublisher : public usecase::CommandPublisher {
 public:
  enum class Mode { Acknowledge, Fail, Throw, Hold };

  struct Published {
    domain::ProductCommand command;
    domain::Deadline deadline;
  };

  void set_mode(Mode mode, std::exception_ptr error = nullptr) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
    error_ = error;
  }

  void publish(const domain::ProductCommand& command, domain::Deadline deadline, Completion done) override {
    std::unique_lock lock(mutex_);
    published_.push_back({command, deadline});
    switch (mode_) {
      case Mode::Acknowledge:
        lock.unlock();
        done(nullptr);
        return;
      case Mode::Fail: {
        const auto error = error_;
        lock.unlock();
        done(error);
        return;
      }
      case Mode::Throw:
        std::rethrow_exception(error_);
      case Mode::Hold:
        held_.push_back(std::move(done));
        return;
    }
  }

  // Settles every held completion, each from its own thread, as a producer's callback would.
  void settle(std::exception_ptr error = nullptr) {
    std::vector<Completion> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    std::vector<std::thread> threads;
    for (auto& done : held) threads.emplace_back([done = std::move(done), error] { done(error); });
    for (auto& thread : threads) thread.join();
  }

  std::size_t held() const {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  std::vector<Published> published() const {
    std::lock_guard lock(mutex_);
    return published_;
  }

 private:
  mutable std::mutex mutex_;
  Mode mode_ = Mode::Acknowledge;
  std::exception_ptr error_;
  std::vector<Completion> held_;
  std::vector<Published> published_;
};

}  // namespace products::adapters::http::testing
