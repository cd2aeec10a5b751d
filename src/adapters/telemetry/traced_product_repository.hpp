#pragma once

#include "adapters/telemetry/database_spans.hpp"
#include "usecase/product_repository.hpp"

namespace products::adapters::telemetry {

// The repository with a MongoDB client span around each call made for a span: the active one, or
// for a batch write the span each write names (the consumer's process span of its record), so
// that every record's trace holds the write that applied it.
class TracedProductRepository : public usecase::ProductRepository {
 public:
  TracedProductRepository(usecase::ProductRepository& inner, const Tracer& tracer, DatabaseTarget target);

  bool upsert(const domain::Product& product, std::int64_t version, domain::Deadline deadline) override;
  std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t version,
                                                  domain::Deadline deadline) override;
  bool remove(const domain::ObjectId& id, std::int64_t version, domain::Deadline deadline) override;
  std::vector<usecase::WriteOutcome> write_batch(std::span<const usecase::VersionedWrite> writes,
                                                 domain::Deadline deadline) override;
  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline deadline) override;
  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline) override;

 private:
  usecase::ProductRepository& inner_;
  DatabaseSpans spans_;
};

}  // namespace products::adapters::telemetry
