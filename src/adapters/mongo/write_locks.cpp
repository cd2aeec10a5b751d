#include "adapters/mongo/write_locks.hpp"

#include <cstdint>

#include "domain/error.hpp"

namespace products::adapters::mongo {

std::unique_lock<std::timed_mutex> WriteLocks::lock(const domain::ObjectId& id, domain::Deadline deadline) {
  // FNV-1a over all twelve bytes: ids from other generators need not vary where ours do.
  std::uint32_t hash = 2166136261u;
  for (const auto byte : id.bytes()) hash = (hash ^ byte) * 16777619u;
  std::unique_lock lock(stripes_[hash % stripes_.size()], std::defer_lock);
  if (!lock.try_lock_until(deadline.at())) {
    throw domain::Error::deadline_exceeded("mongodb write: deadline exceeded waiting for another write to the product");
  }
  return lock;
}

}  // namespace products::adapters::mongo
