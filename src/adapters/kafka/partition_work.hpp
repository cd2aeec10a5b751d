#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

#include "adapters/kafka/offset_tracker.hpp"
#include "adapters/kafka/topic_partition.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// The consumer's state for one assigned partition: what is in flight, what may be committed, and
// whether its work is being given up. Shared by the poll thread and the workers; a partition
// assigned again gets a new object, so late completions of an old assignment touch only the old.
class PartitionWork {
 public:
  explicit PartitionWork(TopicPartition partition) : partition_(std::move(partition)) {}

  const TopicPartition& partition() const noexcept { return partition_; }

  // A fetched record enters; false when the offset was already accepted (a redelivery).
  bool accept(std::int64_t offset);
  // A record leaves: `done` when handled or dead-lettered, false when abandoned (its offset then
  // stays uncommitted and the record will be delivered again).
  void finish(std::int64_t offset, bool done);
  // Records accepted and not finished.
  std::size_t outstanding() const;
  // Records from the oldest not done on (see OffsetTracker::uncommitted).
  std::size_t uncommitted() const;

  std::optional<std::int64_t> committable() const;
  // committable() if it moved since the last call.
  std::optional<std::int64_t> take_commit();

  // The partition is being given up (revoked, or the consumer stops): from now on records not
  // yet started are skipped and retries give up, so only handler calls already running finish.
  void abandon();
  bool abandoned() const;
  // The consumer is stopping: records not yet started still run, so that the last commit covers
  // everything fetched, but the first record that fails gives the partition up instead of retrying.
  void drain();
  // For a record that failed: abandons the partition if it is draining; returns abandoned().
  bool give_up_if_draining();
  // Waits until nothing is outstanding; false when the deadline came first.
  bool wait_idle(domain::Deadline deadline);

  // Poll-thread only: whether fetching is paused because too much is buffered.
  bool paused() const noexcept { return paused_; }
  void set_paused(bool paused) noexcept { paused_ = paused; }

 private:
  const TopicPartition partition_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  OffsetTracker tracker_;
  std::size_t outstanding_ = 0;
  bool abandoned_ = false;
  bool draining_ = false;
  bool paused_ = false;
};

}  // namespace products::adapters::kafka
