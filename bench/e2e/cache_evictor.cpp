#include "cache_evictor.hpp"

#include <chrono>

namespace products::bench {

void CacheEvictor::evict(const std::vector<domain::ObjectId>& ids) {
  const auto deadline = domain::Deadline::after(std::chrono::seconds(30));
  auto connection = pool_.acquire(deadline);
  const auto& prefix = pool_.config().key_prefix;
  for (const auto& id : ids) connection->command({"DEL", prefix + id.hex()}, deadline);
}

}  // namespace products::bench
