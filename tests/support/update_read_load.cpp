#include "support/update_read_load.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "support/product_fixtures.hpp"
#include "support/test_env.hpp"

namespace products::testing {

UpdateReadLoad::UpdateReadLoad(std::vector<Product> products, int threads, CreateLoad::Target target)
    : products_(std::move(products)), target_(std::move(target)) {
  running_ = threads;
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { send_loop(i); });
}

UpdateReadLoad::~UpdateReadLoad() {
  halt();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool UpdateReadLoad::join(std::chrono::milliseconds timeout) {
  if (!wait_until([this] { return running_.load() == 0; }, timeout)) return false;
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  return true;
}

void UpdateReadLoad::send_loop(int thread) {
  for (int round = 0; !halted_ && !products_.empty(); ++round) {
    const auto& product = products_[static_cast<std::size_t>(round + thread) % products_.size()];
    const auto client = target_(round);
    const auto path = product_path(product.id);

    bool before_mark = !marked_;
    record("GET", client.get(path).status, before_mark);

    auto body = valid_product_json(product.name);
    body["price"] = 10.0 + thread + round / 100.0;
    before_mark = !marked_;
    record("PUT", client.request("PUT", path, boost::json::serialize(body)).status, before_mark);
  }
  --running_;
}

void UpdateReadLoad::record(const std::string& method, int status, bool started_before_mark) {
  std::lock_guard lock(mutex_);
  ++answers_[fmt::format("{} {}", method, status)];
  if (status >= 500) ++server_errors_;
  if (status != 0 && started_before_mark && marked_) ++answered_across_mark_;
}

std::map<std::string, std::size_t> UpdateReadLoad::answers() const {
  std::lock_guard lock(mutex_);
  return answers_;
}

std::size_t UpdateReadLoad::server_errors() const {
  std::lock_guard lock(mutex_);
  return server_errors_;
}

std::size_t UpdateReadLoad::answered_across_mark() const {
  std::lock_guard lock(mutex_);
  return answered_across_mark_;
}

std::string UpdateReadLoad::summary() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [answer, count] : answers_) out += fmt::format("{}{} x {}", out.empty() ? "" : ", ", answer, count);
  return out.empty() ? "no requests" : out;
}

}  // namespace products::testing
