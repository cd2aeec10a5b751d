#include "adapters/kafka/partition_work.hpp"

namespace products::adapters::kafka {

bool PartitionWork::accept(std::int64_t offset) {
  std::lock_guard lock(mutex_);
  if (!tracker_.track(offset)) return false;
  ++outstanding_;
  return true;
}

void PartitionWork::finish(std::int64_t offset, bool done) {
  {
    std::lock_guard lock(mutex_);
    if (done) tracker_.done(offset);
    --outstanding_;
  }
  changed_.notify_all();
}

std::size_t PartitionWork::outstanding() const {
  std::lock_guard lock(mutex_);
  return outstanding_;
}

std::size_t PartitionWork::uncommitted() const {
  std::lock_guard lock(mutex_);
  return tracker_.uncommitted();
}

std::optional<std::int64_t> PartitionWork::committable() const {
  std::lock_guard lock(mutex_);
  return tracker_.committable();
}

std::optional<std::int64_t> PartitionWork::take_commit() {
  std::lock_guard lock(mutex_);
  return tracker_.take_uncommitted();
}

void PartitionWork::abandon() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
  }
  changed_.notify_all();
}

bool PartitionWork::abandoned() const {
  std::lock_guard lock(mutex_);
  return abandoned_;
}

void PartitionWork::drain() {
  std::lock_guard lock(mutex_);
  draining_ = true;
}

bool PartitionWork::give_up_if_draining() {
  {
    std::lock_guard lock(mutex_);
    if (!draining_ || abandoned_) return abandoned_;
    abandoned_ = true;
  }
  changed_.notify_all();
  return true;
}

bool PartitionWork::wait_idle(domain::Deadline deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, deadline.at(), [this] { return outstanding_ == 0; });
}

}  // namespace products::adapters::kafka
