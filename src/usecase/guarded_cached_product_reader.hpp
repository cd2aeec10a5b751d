#pragma once

#include "usecase/cached_product_reader.hpp"
#include "usecase/pending_invalidations.hpp"

namespace products::usecase {

// The fast path, except for products whose invalidation is pending: for them it answers "unsure"
// at once, without asking the cache, so that the read goes to ProductService::get_by_id and
// MongoDB instead of to an entry that may be stale.
class GuardedCachedProductReader final : public CachedProductReader {
 public:
  GuardedCachedProductReader(CachedProductReader& inner, const PendingInvalidations& pending);

  void lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) override;

 private:
  CachedProductReader& inner_;
  const PendingInvalidations& pending_;
};

}  // namespace products::usecase
