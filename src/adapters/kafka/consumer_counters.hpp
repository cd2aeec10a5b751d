#pragma once

#include <atomic>
#include <cstdint>

namespace products::adapters::kafka {

// What the consumer has done so far, readable from any thread.
struct ConsumerCounters {
  std::atomic<std::uint64_t> processed{0};      // commands the handler applied
  std::atomic<std::uint64_t> retried{0};        // commands that failed and were tried again
  std::atomic<std::uint64_t> batches{0};        // handler calls, each with one or more commands
  std::atomic<std::uint64_t> dead_lettered{0};  // records written to the dead-letter topic
  std::atomic<std::int64_t> in_flight{0};       // records fetched and not yet finished
  std::atomic<std::int64_t> paused{0};          // partitions paused because their backlog is full
  std::atomic<std::uint64_t> polls{0};          // poll rounds, which go on while partitions are paused
};

}  // namespace products::adapters::kafka
