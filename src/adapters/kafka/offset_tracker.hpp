#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace products::adapters::kafka {

// Which offset of one partition may be committed while its messages finish out of order: the
// oldest one still in flight (everything before it is done), or one past the last tracked offset
// once all are done. Offsets Kafka never delivers (compacted, transaction markers) are never
// tracked, so gaps need no special care. Not thread-safe: its owner serialises access.
class OffsetTracker {
 public:
  // Registers a fetched offset as in flight. Offsets arrive in increasing order; one at or below
  // the last tracked offset is a redelivery of work already known and is refused (false).
  bool track(std::int64_t offset);
  // Marks an in-flight offset done; false (and no effect) when it is not in flight.
  bool done(std::int64_t offset);

  // The offset to commit (the next one to read); nullopt before anything was tracked.
  std::optional<std::int64_t> committable() const noexcept;
  // committable() if it moved since the last take_uncommitted(); the caller commits it.
  std::optional<std::int64_t> take_uncommitted() noexcept;

  std::size_t in_flight() const noexcept { return in_flight_; }
  // Offsets held from the oldest in flight on, done or not: what the tracker keeps in memory, and
  // what would be processed again if the consumer stopped now.
  std::size_t uncommitted() const noexcept { return window_.size(); }
  // Forgets everything, e.g. when the partition is assigned anew.
  void reset() noexcept;

 private:
  struct Slot {
    std::int64_t offset;
    bool done;
  };

  // Ascending; starts at the oldest offset not done, so its size is the uncommittable window.
  std::deque<Slot> window_;
  std::int64_t next_ = -1;  // one past the last tracked offset
  std::int64_t taken_ = -1;
  std::size_t in_flight_ = 0;
};

}  // namespace products::adapters::kafka
