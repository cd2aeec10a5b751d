#include "parallel_runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace products::bench {

PhaseOutcome ParallelRunner::run(int threads, std::size_t count, domain::Deadline deadline,
                                 const Operation& operation) {
  using Clock = std::chrono::steady_clock;
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> ok{0}, failed{0};
  std::atomic<bool> timed_out{false};
  std::mutex mutex;
  std::string first_error;
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));

  const auto started = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto& mine = latencies[static_cast<std::size_t>(t)];
      for (std::size_t i = next++; i < count; i = next++) {
        if (deadline.expired()) {
          timed_out = true;
          return;
        }
        const auto begin = Clock::now();
        try {
          operation(i, t);
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
          ++ok;
        } catch (const std::exception& e) {
          if (failed++ == 0) {
            std::lock_guard lock(mutex);
            first_error = e.what();
          }
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();

  PhaseOutcome outcome;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  outcome.ok = ok;
  outcome.failed = failed;
  outcome.first_error = first_error;
  outcome.timed_out = timed_out;
  for (auto& samples : latencies) outcome.latency.merge(LatencyStats(std::move(samples)));
  return outcome;
}

}  // namespace products::bench
