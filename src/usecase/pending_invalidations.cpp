#include "usecase/pending_invalidations.hpp"

namespace products::usecase {

PendingInvalidations::PendingInvalidations(std::size_t capacity) : capacity_(capacity) {}

void PendingInvalidations::add(std::span<const domain::ObjectId> ids) {
  if (ids.empty()) return;
  std::lock_guard lock(mutex_);
  const auto mark = ++next_mark_;
  if (!overflowed_) {
    for (const auto& id : ids) marks_[id] = mark;
    if (marks_.size() > capacity_) {
      // The namespace flush that follows covers every id named so far.
      overflowed_ = true;
      marks_.clear();
    }
  }
  if (overflowed_) overflow_mark_ = mark;
  publish_locked();
}

bool PendingInvalidations::covers(const domain::ObjectId& id) const {
  if (empty()) return false;
  std::lock_guard lock(mutex_);
  return overflowed_ || marks_.contains(id);
}

std::size_t PendingInvalidations::size() const {
  std::lock_guard lock(mutex_);
  return marks_.size();
}

bool PendingInvalidations::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

PendingInvalidations::Replay PendingInvalidations::replay() const {
  std::lock_guard lock(mutex_);
  Replay replay;
  replay.flush_all = overflowed_;
  replay.overflow_mark = overflow_mark_;
  replay.ids.reserve(marks_.size());
  replay.marks.reserve(marks_.size());
  for (const auto& [id, mark] : marks_) {
    replay.ids.push_back(id);
    replay.marks.push_back(mark);
  }
  return replay;
}

void PendingInvalidations::settle(const Replay& done) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < done.ids.size(); ++i) {
    const auto it = marks_.find(done.ids[i]);
    if (it != marks_.end() && it->second == done.marks[i]) marks_.erase(it);
  }
  if (done.flush_all && overflowed_ && overflow_mark_ == done.overflow_mark) overflowed_ = false;
  publish_locked();
}

void PendingInvalidations::publish_locked() { any_.store(overflowed_ || !marks_.empty(), std::memory_order_release); }

}  // namespace products::usecase
