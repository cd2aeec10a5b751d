#pragma once

#include <functional>
#include <optional>
#include <string>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"

namespace products::usecase {

// The fast path of a read by id: the cached product, already in the form a client receives it,
// looked up without blocking the caller's thread. Anything but a clean hit is nullopt — a miss,
// an entry that is not this product's, a cache that is down or slow — and the caller then reads
// through ProductService::get_by_id, which counts that outcome; implementations count only hits.
class CachedProductReader {
 public:
  // Called exactly once, possibly on another thread, possibly before lookup returns.
  using Callback = std::function<void(std::optional<std::string> encoded)>;

  virtual ~CachedProductReader() = default;
  virtual void lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) = 0;
};

}  // namespace products::usecase
