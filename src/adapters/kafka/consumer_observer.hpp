#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace products::adapters::kafka {

// What the command consumer tells the outside (metrics live elsewhere). handled() and processed()
// run on the workers, the rest on the poll thread.
class ConsumerObserver {
 public:
  enum class Result { Applied, SkippedSuperseded, Retried, DeadLettered };

  virtual ~ConsumerObserver() = default;
  // One attempt's outcome for one record; a record retried twice then applied counts three times.
  virtual void handled(std::string_view topic, Result result) = 0;
  // From a record's receipt to its offset being ready to commit.
  virtual void processed(std::string_view topic, std::chrono::nanoseconds took) = 0;
  // Partitions assigned or revoked.
  virtual void rebalanced() = 0;
  // Records between the committed offset and the high-water mark of an assigned partition.
  virtual void lag(std::string_view topic, std::int32_t partition, std::int64_t records) = 0;
  // The partition is no longer assigned: its lag is someone else's.
  virtual void unassigned(std::string_view topic, std::int32_t partition) = 0;
};

}  // namespace products::adapters::kafka
