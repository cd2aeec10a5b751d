#include "adapters/kafka/offset_tracker.hpp"

#include <algorithm>

namespace products::adapters::kafka {

bool OffsetTracker::track(std::int64_t offset) {
  if (offset < 0 || offset < next_) return false;
  window_.push_back({offset, false});
  next_ = offset + 1;
  ++in_flight_;
  return true;
}

bool OffsetTracker::done(std::int64_t offset) {
  auto it = std::lower_bound(window_.begin(), window_.end(), offset,
                             [](const Slot& slot, std::int64_t value) { return slot.offset < value; });
  if (it == window_.end() || it->offset != offset || it->done) return false;
  it->done = true;
  --in_flight_;
  while (!window_.empty() && window_.front().done) window_.pop_front();
  return true;
}

std::optional<std::int64_t> OffsetTracker::committable() const noexcept {
  if (!window_.empty()) return window_.front().offset;
  if (next_ < 0) return std::nullopt;
  return next_;
}

std::optional<std::int64_t> OffsetTracker::take_uncommitted() noexcept {
  const auto offset = committable();
  if (!offset || *offset == taken_) return std::nullopt;
  taken_ = *offset;
  return offset;
}

void OffsetTracker::reset() noexcept {
  window_.clear();
  next_ = -1;
  taken_ = -1;
  in_flight_ = 0;
}

}  // namespace products::adapters::kafka
