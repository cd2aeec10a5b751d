#pragma once

#include <chrono>

namespace products::adapters::kafka {

// How the consumer retries a command whose handler failed. Transient failures (the store is down
// or slow) are retried until they succeed, since dead-lettering them would lose writes that will
// work in a minute; the partition's key waits meanwhile. Permanent failures get `max_attempts`.
struct RetryPolicy {
  std::chrono::milliseconds initial{100};
  std::chrono::milliseconds max{5'000};
  int max_attempts = 3;

  // The pause after the attempt-th failure: initial, doubling, capped at max.
  std::chrono::milliseconds delay(int attempt) const noexcept;
  bool gives_up(int attempts, bool transient) const noexcept { return !transient && attempts >= max_attempts; }
};

}  // namespace products::adapters::kafka
