#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"

namespace products::usecase {

// What the fast path found for one product.
struct CacheLookup {
  std::optional<std::string> encoded;  // a clean hit, in the form a client receives it
  // No hit because the cache answered that it holds no entry for the product: the caller reads
  // through ProductService::get_after_miss, which does not ask the cache again. False for every
  // other outcome (an entry that is not this product's, a cache that is down or slow, a pending
  // invalidation): those go through ProductService::get_by_id, which tells them apart.
  bool absent = false;

  static CacheLookup hit(std::string encoded) { return {std::move(encoded), false}; }
  static CacheLookup miss() { return {std::nullopt, true}; }
  static CacheLookup unsure() { return {}; }
};

// The fast path of a read by id: the cached product, looked up without blocking the caller's
// thread. Implementations count only hits; the slow path counts the rest.
class CachedProductReader {
 public:
  // Called exactly once, possibly on another thread, possibly before lookup returns.
  using Callback = std::function<void(CacheLookup found)>;

  virtual ~CachedProductReader() = default;
  virtual void lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) = 0;
};

}  // namespace products::usecase
