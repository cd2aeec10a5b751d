#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"

namespace products::testing {

// What the client learnt from each numbered POST /products. Only a 202 proves that Kafka holds the
// command; an answer that never came, or a 5xx (the publisher may still deliver after the request's
// deadline), leaves the create in doubt.
class CreateLedger {
 public:
  void record(int seq, const HttpResult& result, bool started_before_mark, bool answered_after_mark);

  std::map<int, std::string> accepted() const;  // seq -> productId from the 202
  std::set<int> unanswered() const;             // no HTTP answer at all
  std::map<int, int> failed() const;            // seq -> 5xx status
  std::map<int, std::string> rejected() const;  // seq -> status and body of anything else
  std::size_t accepted_count() const;
  // 202s of requests that were already on their way when mark() was called: requests in flight
  // across a signal.
  std::size_t accepted_across_mark() const;
  std::string summary() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, std::string> accepted_;
  std::set<int> unanswered_;
  std::map<int, int> failed_;
  std::map<int, std::string> rejected_;
  std::size_t accepted_across_mark_ = 0;
};

// The name of create number `seq`: `word` finds the test's products by search, the number tells
// them apart, so that a create stored twice or never would show.
std::string load_product_name(const std::string& word, int seq);
// The number in a name made by load_product_name, or -1.
int load_product_seq(const std::string& word, const std::string& name);

// Up to `count` creates numbered 0..count-1, sent from `threads` client threads at once (one
// connection per request), each to the server `target(seq)` picks. Runs until all are sent or
// halt(); the destructor halts and joins.
class CreateLoad {
 public:
  using Target = std::function<HttpClient(int seq)>;

  CreateLoad(std::string word, int count, int threads, Target target);
  ~CreateLoad();
  CreateLoad(const CreateLoad&) = delete;
  CreateLoad& operator=(const CreateLoad&) = delete;

  // Requests started from now on are not numbered "before the mark" (see accepted_across_mark).
  void mark() { marked_ = true; }
  // No request starts after this; the ones under way finish.
  void halt() { halted_ = true; }
  // Waits for the threads; true when they ended within `timeout`.
  bool join(std::chrono::milliseconds timeout = std::chrono::seconds(120));

  std::size_t started() const noexcept { return started_.load(); }
  std::size_t finished() const noexcept { return finished_.load(); }
  // The longest any create waited for its answer so far: what a fault cost the slowest client.
  std::chrono::milliseconds slowest_answer() const noexcept { return std::chrono::milliseconds(slowest_ms_.load()); }
  const CreateLedger& ledger() const noexcept { return ledger_; }

 private:
  void send_loop();

  const std::string word_;
  const int count_;
  const Target target_;
  CreateLedger ledger_;
  std::atomic<int> next_{0};
  std::atomic<std::size_t> started_{0};
  std::atomic<std::size_t> finished_{0};
  std::atomic<std::int64_t> slowest_ms_{0};
  std::atomic<int> running_{0};
  std::atomic<bool> marked_{false};
  std::atomic<bool> halted_{false};
  std::vector<std::thread> threads_;
};

}  // namespace products::testing
