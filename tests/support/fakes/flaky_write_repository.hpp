#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "domain/error.hpp"
#include "usecase/product_repository.hpp"

namespace products::testing {

// Wraps a repository and makes the writes of chosen products fail in write_batch, the first
// `times` times they are tried, while the other writes of the same batch go through; records every
// batch it was given. Safe to share between threads if the wrapped repository is.
class FlakyWriteRepository : public usecase::ProductRepository {
 public:
  explicit FlakyWriteRepository(usecase::ProductRepository& inner) : inner_(inner) {}

  void fail(const domain::ObjectId& id, domain::Error error, int times) {
    std::lock_guard lock(mutex_);
    failing_.insert_or_assign(id, Failing{std::move(error), times});
  }

  std::vector<usecase::WriteOutcome> write_batch(std::span<const usecase::VersionedWrite> writes,
                                                 domain::Deadline deadline) override {
    std::vector<usecase::WriteOutcome> outcomes(writes.size());
    std::vector<usecase::VersionedWrite> passed;
    std::vector<std::size_t> passed_at;
    {
      std::lock_guard lock(mutex_);
      batches_.emplace_back(writes.begin(), writes.end());
      for (std::size_t i = 0; i < writes.size(); ++i) {
        const auto& id = writes[i].product.id;
        ++attempts_[id];
        const auto it = failing_.find(id);
        if (it != failing_.end() && it->second.times > 0) {
          --it->second.times;
          outcomes[i].error = std::make_exception_ptr(it->second.error);
          continue;
        }
        passed.push_back(writes[i]);
        passed_at.push_back(i);
      }
    }
    if (passed.empty()) return outcomes;
    auto written = inner_.write_batch(passed, deadline);
    for (std::size_t k = 0; k < passed.size(); ++k) outcomes[passed_at[k]] = std::move(written[k]);
    return outcomes;
  }

  bool upsert(const domain::Product& product, std::int64_t version, domain::Deadline deadline) override {
    return inner_.upsert(product, version, deadline);
  }
  std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t version,
                                                  domain::Deadline deadline) override {
    return inner_.replace_existing(product, version, deadline);
  }
  bool remove(const domain::ObjectId& id, std::int64_t version, domain::Deadline deadline) override {
    return inner_.remove(id, version, deadline);
  }
  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline deadline) override {
    return inner_.find_by_id(id, deadline);
  }
  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline) override {
    return inner_.search(query, deadline);
  }

  std::vector<std::vector<usecase::VersionedWrite>> batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  // How many times write_batch was given a write of this product.
  int attempts(const domain::ObjectId& id) const {
    std::lock_guard lock(mutex_);
    const auto it = attempts_.find(id);
    return it == attempts_.end() ? 0 : it->second;
  }

 private:
  struct Failing {
    domain::Error error;
    int times = 0;
  };

  usecase::ProductRepository& inner_;
  mutable std::mutex mutex_;
  std::map<domain::ObjectId, Failing> failing_;
  std::map<domain::ObjectId, int> attempts_;
  std::vector<std::vector<usecase::VersionedWrite>> batches_;
};

}  // namespace products::testing
