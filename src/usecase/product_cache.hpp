#pragma once

#include <optional>
#include <span>

#include "domain/deadline.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"

namespace products::usecase {

// A best-effort read cache. Any method may throw domain::Error(Unavailable); callers treat the
// cache as optional and fall through to the repository.
class ProductCache {
 public:
  virtual ~ProductCache() = default;
  virtual std::optional<domain::Product> get(const domain::ObjectId& id, domain::Deadline deadline) = 0;
  virtual void put(const domain::Product& product, domain::Deadline deadline) = 0;
  virtual void invalidate(const domain::ObjectId& id, domain::Deadline deadline) = 0;
  // Forgets every id given; the default forgets them one by one, caches override it with one call.
  virtual void invalidate_many(std::span<const domain::ObjectId> ids, domain::Deadline deadline);
  // Forgets every product's entry: what is left when the ids to forget were too many to remember.
  virtual void invalidate_all(domain::Deadline deadline) = 0;
};

}  // namespace products::usecase
