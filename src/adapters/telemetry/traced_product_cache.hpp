#pragma once

#include "adapters/telemetry/database_spans.hpp"
#include "usecase/product_cache.hpp"

namespace products::adapters::telemetry {

// The cache with a Redis client span (GET, SET, DEL) around each call made for the active span.
class TracedProductCache : public usecase::ProductCache {
 public:
  TracedProductCache(usecase::ProductCache& inner, const Tracer& tracer, DatabaseTarget target);

  std::optional<domain::Product> get(const domain::ObjectId& id, domain::Deadline deadline) override;
  void put(const domain::Product& product, domain::Deadline deadline) override;
  void invalidate(const domain::ObjectId& id, domain::Deadline deadline) override;
  void invalidate_many(std::span<const domain::ObjectId> ids, domain::Deadline deadline) override;
  void invalidate_all(domain::Deadline deadline) override;

 private:
  usecase::ProductCache& inner_;
  DatabaseSpans spans_;
};

}  // namespace products::adapters::telemetry
