#include "usecase/product_cache.hpp"

namespace products::usecase {

void ProductCache::invalidate_many(std::span<const domain::ObjectId> ids, domain::Deadline deadline) {
  for (const auto& id : ids) invalidate(id, deadline);
}

}  // namespace products::usecase
