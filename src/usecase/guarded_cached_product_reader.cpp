#include "usecase/guarded_cached_product_reader.hpp"

#include <utility>

namespace products::usecase {

GuardedCachedProductReader::GuardedCachedProductReader(CachedProductReader& inner, const PendingInvalidations& pending)
    : inner_(inner), pending_(pending) {}

void GuardedCachedProductReader::lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) {
  if (pending_.covers(id)) {
    done(CacheLookup::unsure());
    return;
  }
  inner_.lookup(id, deadline, std::move(done));
}

}  // namespace products::usecase
