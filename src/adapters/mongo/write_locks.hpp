#pragma once

#include <array>
#include <mutex>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"

namespace products::adapters::mongo {

// Serialises this process's writes to one product. FerretDB 1.x evaluates a write's filter on a
// read and then updates the document by _id in a separate step, so two concurrent conditional
// writes to one document can both pass their condition and the older may land last; MongoDB
// itself applies single-document writes atomically. Products share a fixed set of stripes: two
// products on one stripe merely wait for each other.
class WriteLocks {
 public:
  // Throws domain::Error(DeadlineExceeded) when the product stays locked past the deadline.
  std::unique_lock<std::timed_mutex> lock(const domain::ObjectId& id, domain::Deadline deadline);

 private:
  std::array<std::timed_mutex, 64> stripes_;
};

}  // namespace products::adapters::mongo
