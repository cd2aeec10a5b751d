#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/write_locks.hpp"
#include "usecase/product_repository.hpp"

namespace products::adapters::mongo {

// ProductRepository over one MongoDB collection, using only what MongoDB and MongoDB-wire servers
// such as FerretDB both support: no transactions, no text indexes, no $text, no $facet.
//
// Writes are versioned conditional single-document writes (see VersionedWrites), with `_id`
// equality at the top of every filter. Writes to one product are serialised within the process
// (see WriteLocks): on FerretDB that is what makes them atomic, so there several service
// instances writing one product concurrently can still lose the newer write.
// Every call is bounded by the deadline (maxTimeMS) and blocks its thread: run it on a
// runtime::WorkPool.
class MongoProductRepository : public usecase::ProductRepository {
 public:
  explicit MongoProductRepository(MongoClientPool& pool) : pool_(pool) {}

  bool upsert(const domain::Product& product, std::int64_t version, domain::Deadline deadline) override;
  std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t version,
                                                  domain::Deadline deadline) override;
  // Tombstones a live product whatever its version; an existing tombstone only takes a newer
  // version, so that deletes, too, converge whatever order they are applied in.
  bool remove(const domain::ObjectId& id, std::int64_t version, domain::Deadline deadline) override;

  // Bulk writes that keep every guarantee of the single ones; see BatchWriter.
  std::vector<usecase::WriteOutcome> write_batch(std::span<const usecase::VersionedWrite> writes,
                                                 domain::Deadline deadline) override;

  // Reads exactly {_id}; a tombstone is absent.
  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline deadline) override;
  // Case-insensitive literal substring of name or description; newest first (createdAt, then _id).
  // Text that is not valid UTF-8 cannot occur in a stored product, so it finds nothing. The count
  // and the page run at once on two pooled clients when a second one is free: FerretDB 1.24 has no
  // $facet to answer both in one command, and MongoDB would sort a $facet's page in memory where
  // a find sorts by the {createdAt: -1, _id: -1} index. (FerretDB sorts in memory either way.)
  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline) override;

  // Readiness: the server answers a ping before the deadline.
  void ping(domain::Deadline deadline);

 private:
  MongoClientPool& pool_;
  WriteLocks locks_;
};

}  // namespace products::adapters::mongo
