#include "support/create_load.hpp"

#include <charconv>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "support/product_fixtures.hpp"
#include "support/test_env.hpp"

namespace products::testing {

void CreateLedger::record(int seq, const HttpResult& result, bool started_before_mark, bool answered_after_mark) {
  std::lock_guard lock(mutex_);
  if (result.status == 202) {
    const auto body = json_object(result.body);
    const auto id = body ? string_member(*body, "productId") : std::string();
    if (id.empty()) {
      rejected_[seq] = fmt::format("202 without a productId: {}", result.body);
      return;
    }
    accepted_[seq] = id;
    if (started_before_mark && answered_after_mark) ++accepted_across_mark_;
  } else if (result.status == 0) {
    unanswered_.insert(seq);
  } else if (result.status >= 500) {
    failed_[seq] = result.status;
  } else {
    rejected_[seq] = fmt::format("{} {}", result.status, result.body);
  }
}

std::map<int, std::string> CreateLedger::accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

std::set<int> CreateLedger::unanswered() const {
  std::lock_guard lock(mutex_);
  return unanswered_;
}

std::map<int, int> CreateLedger::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

std::map<int, std::string> CreateLedger::rejected() const {
  std::lock_guard lock(mutex_);
  return rejected_;
}

std::size_t CreateLedger::accepted_count() const {
  std::lock_guard lock(mutex_);
  return accepted_.size();
}

std::size_t CreateLedger::accepted_across_mark() const {
  std::lock_guard lock(mutex_);
  return accepted_across_mark_;
}

std::string CreateLedger::summary() const {
  std::lock_guard lock(mutex_);
  return fmt::format("{} accepted ({} across the mark), {} unanswered, {} failed with 5xx, {} rejected",
                     accepted_.size(), accepted_across_mark_, unanswered_.size(), failed_.size(), rejected_.size());
}

std::string load_product_name(const std::string& word, int seq) { return fmt::format("{} item {}", word, seq); }

int load_product_seq(const std::string& word, const std::string& name) {
  const auto prefix = word + " item ";
  if (name.rfind(prefix, 0) != 0) return -1;
  int seq = -1;
  const auto* first = name.data() + prefix.size();
  const auto* last = name.data() + name.size();
  const auto [end, ec] = std::from_chars(first, last, seq);
  return ec == std::errc() && end == last ? seq : -1;
}

CreateLoad::CreateLoad(std::string word, int count, int threads, Target target)
    : word_(std::move(word)), count_(count), target_(std::move(target)) {
  running_ = threads;
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { send_loop(); });
}

CreateLoad::~CreateLoad() {
  halt();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool CreateLoad::join(std::chrono::milliseconds timeout) {
  if (!wait_until([this] { return running_.load() == 0; }, timeout)) return false;
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  return true;
}

void CreateLoad::send_loop() {
  while (!halted_) {
    const int seq = next_++;
    if (seq >= count_) break;
    const auto client = target_(seq);
    const auto body = boost::json::serialize(valid_product_json(load_product_name(word_, seq)));
    const bool before_mark = !marked_;
    ++started_;
    const auto sent = std::chrono::steady_clock::now();
    const auto result = client.request("POST", "/api/v1/products", body);
    const auto waited =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent).count();
    for (auto slowest = slowest_ms_.load(); waited > slowest && !slowest_ms_.compare_exchange_weak(slowest, waited);) {
    }
    ledger_.record(seq, result, before_mark, marked_);
    ++finished_;
  }
  --running_;
}

}  // namespace products::testing
