#pragma once

#include <cstdint>
#include <string>

#include "domain/deadline.hpp"
#include "domain/product.hpp"

namespace products::usecase {

// The create first made under a client's idempotency key: everything that makes its command, so
// that a retry issues the very same command (id, version, dates) and the versioned write absorbs it.
struct KeyedCreate {
  std::string key;
  domain::Product product;
  std::int64_t version = 0;

  friend bool operator==(const KeyedCreate&, const KeyedCreate&) = default;
};

// Where the first create of each idempotency key is kept, shared by every instance and kept across
// restarts for a retention window the store is configured with.
// Failures are domain::Error: Unavailable/DeadlineExceeded when the store can't be reached in time.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // Keeps `candidate` unless a record of its key is within its retention window; returns the
  // record that holds the key now: `candidate` itself, or the earlier one. Blocks its thread.
  virtual KeyedCreate claim(const KeyedCreate& candidate, domain::Deadline deadline) = 0;
};

}  // namespace products::usecase
