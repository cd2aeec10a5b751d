#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <vector>

#include "domain/object_id.hpp"

namespace products::usecase {

// Products whose cache entries may be stale because deleting them failed (Redis unreachable, or
// slower than the command timeout). Readers skip the cache for them until a replay has deleted
// the entries; otherwise the entry would be served until its TTL, up to an hour after the write.
// Bounded: past `capacity` ids the set stops naming them (their memory is given back) and covers
// every product until the whole cache namespace has been flushed.
class PendingInvalidations {
 public:
  // What a replay must do; settle() forgets only what it names and was not marked again since.
  struct Replay {
    std::vector<domain::ObjectId> ids;
    std::vector<std::uint64_t> marks;  // parallel to ids
    bool flush_all = false;
    std::uint64_t overflow_mark = 0;
  };

  explicit PendingInvalidations(std::size_t capacity);

  void add(std::span<const domain::ObjectId> ids);
  // One atomic load when nothing is pending, so that a cached read costs no more than before.
  bool covers(const domain::ObjectId& id) const;
  bool empty() const noexcept { return !any_.load(std::memory_order_acquire); }
  // Ids named, and whether the set overflowed (then every product is covered).
  std::size_t size() const;
  bool overflowed() const;

  Replay replay() const;
  // After the replay's deletions succeeded. An id marked again meanwhile stays: the failure that
  // marked it may have come after the deletion reached Redis.
  void settle(const Replay& done);

 private:
  void publish_locked();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<domain::ObjectId, std::uint64_t> marks_;
  std::uint64_t next_mark_ = 0;
  bool overflowed_ = false;
  std::uint64_t overflow_mark_ = 0;
  std::atomic<bool> any_{false};
};

}  // namespace products::usecase
