#include "adapters/mongo/write_locks.hpp"

#include <algorithm>

#include "domain/error.hpp"

namespace products::adapters::mongo {

WriteLocks::Held::Held(WriteLocks& locks, std::span<const domain::ObjectId> ids) : locks_(locks), ids_(ids) {}

WriteLocks::Held::~Held() { locks_.release(ids_); }

WriteLocks::Held WriteLocks::lock(std::span<const domain::ObjectId> ids, domain::Deadline deadline) {
  std::unique_lock guard(mutex_);
  if (!released_.wait_until(guard, deadline.at(), [&] { return !any_held(ids); })) {
    throw domain::Error::deadline_exceeded("mongodb write: deadline exceeded waiting for another write to the product");
  }
  held_.insert(ids.begin(), ids.end());
  return Held(*this, ids);
}

bool WriteLocks::any_held(std::span<const domain::ObjectId> ids) const {
  return std::any_of(ids.begin(), ids.end(), [&](const domain::ObjectId& id) { return held_.contains(id); });
}

void WriteLocks::release(std::span<const domain::ObjectId> ids) {
  {
    const std::lock_guard guard(mutex_);
    for (const auto& id : ids) held_.erase(id);
  }
  released_.notify_all();
}

}  // namespace products::adapters::mongo
