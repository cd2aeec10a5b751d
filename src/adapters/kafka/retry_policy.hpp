#pragma once

#include <chrono>
#include <cstddef>

namespace products::adapters::kafka {

// How the consumer bounds and retries the handler calls that apply commands. Transient failures
// (the store is down or slow) are retried until they succeed, since dead-lettering them would
// lose writes that will work in a minute; the keys concerned wait meanwhile. Permanent failures
// get `max_attempts`. A command whose apply keeps running out of time must not keep the store
// busy forever: its deadline grows so that a merely slow apply can finish, and the pause after an
// attempt that applied nothing is at least as long as that attempt, so that it holds the store at
// most half of the time.
struct RetryPolicy {
  std::chrono::milliseconds initial{100};
  // Cap of the doubling backoff. Failures that cost the store time wait longer (see delay()).
  std::chrono::milliseconds max{5'000};
  int max_attempts = 3;

  // Deadline of one handler call: `timeout` plus `timeout_per_command` for each command of the
  // batch, doubled after each attempt that ran out of time, never more than `max_timeout`.
  std::chrono::milliseconds timeout{5'000};
  std::chrono::milliseconds timeout_per_command{20};
  std::chrono::milliseconds max_timeout{60'000};
  // A record failing for this long is logged as an error at each further attempt, not a warning.
  std::chrono::milliseconds stuck_after{60'000};

  // The pause after the attempt-th failure: initial, doubling, capped at max; but never shorter
  // than `fruitless`, the time the store spent on an attempt that applied nothing (at most
  // max_timeout).
  std::chrono::milliseconds delay(int attempt, std::chrono::milliseconds fruitless = {}) const noexcept;
  // The deadline for applying `commands` commands after `timed_out` attempts that ran out of time.
  std::chrono::milliseconds timeout_for(std::size_t commands, int timed_out) const noexcept;
  bool gives_up(int attempts, bool transient) const noexcept { return !transient && attempts >= max_attempts; }
  bool stuck(std::chrono::milliseconds failing_for) const noexcept { return failing_for >= stuck_after; }
};

}  // namespace products::adapters::kafka
