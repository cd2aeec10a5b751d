#pragma once

#include <exception>
#include <map>
#include <mutex>
#include <string>

#include "usecase/idempotency_store.hpp"

namespace products::testing {

// Keeps the first create of each key for ever (or fails with `fail_with`); thread-safe, since
// handlers claim from worker threads.
class FakeIdempotencyStore : public usecase::IdempotencyStore {
 public:
  usecase::KeyedCreate claim(const usecase::KeyedCreate& candidate, domain::Deadline) override {
    const std::lock_guard lock(mutex_);
    ++claims;
    if (fail_with) std::rethrow_exception(fail_with);
    return records.try_emplace(candidate.key, candidate).first->second;
  }

  std::map<std::string, usecase::KeyedCreate> records;
  int claims = 0;
  std::exception_ptr fail_with;

 private:
  std::mutex mutex_;
};

}  // namespace products::testing
