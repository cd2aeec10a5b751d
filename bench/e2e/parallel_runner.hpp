#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "domain/deadline.hpp"
#include "latency_stats.hpp"

namespace products::bench {

// What `threads` client threads did with `count` numbered operations.
struct PhaseOutcome {
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::string first_error;
  bool timed_out = false;  // the deadline stopped the phase before every operation ran
  double seconds = 0;
  LatencyStats latency;

  double rate() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

// Runs operations 0..count-1 from `threads` threads, each thread taking the next number as soon
// as its previous operation returned (closed loop). An operation reports failure by throwing; the
// phase goes on, counts it and keeps the first message. No operation starts after the deadline.
class ParallelRunner {
 public:
  using Operation = std::function<void(std::size_t index, int thread)>;

  static PhaseOutcome run(int threads, std::size_t count, domain::Deadline deadline, const Operation& operation);
};

}  // namespace products::bench
