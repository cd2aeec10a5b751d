#pragma once

#include <chrono>
#include <cstdint>

namespace products::domain {

// One deadline per request, carried to every dependency (maxTimeMS, Redis timeouts, Kafka
// delivery wait) so that no step can outlive the caller's patience.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Deadline(Clock::time_point at) : at_(at) {}
  static Deadline after(std::chrono::milliseconds budget) { return Deadline(Clock::now() + budget); }

  Clock::time_point at() const noexcept { return at_; }
  bool expired() const noexcept { return Clock::now() >= at_; }
  // Never negative, so it can be handed to drivers as a timeout directly.
  std::chrono::milliseconds remaining() const noexcept;
  // Milliseconds left, at least 1 so that a driver never reads 0 as "no limit".
  std::int64_t remaining_ms_at_least_one() const noexcept;

 private:
  Clock::time_point at_;
};

}  // namespace products::domain
