#pragma once

#include <cstdint>
#include <optional>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/write_locks.hpp"
#include "usecase/product_repository.hpp"

namespace products::adapters::mongo {

// ProductRepository over one MongoDB collection, using only what MongoDB and MongoDB-wire servers
// such as FerretDB both support: no transactions, no text indexes, no $text.
//
// Versioned writes are conditional single-document writes. The condition
// {_id, deleted != true, version < v (or absent)} either matches and the write applies, or it
// doesn't and the upsert's insert collides on _id (duplicate key): then the stored state decides
// whether the write is superseded (a tombstone, or a version >= v) or lost a race with a
// concurrent insert, in which case it is tried again. createdAt is the earliest any write
// carried, so it, too, ends the same whatever the order. Writes to one product are serialised
// within the process (see WriteLocks): on FerretDB that is what makes them atomic, so there
// several service instances writing one product concurrently can still lose the newer write.
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
  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline deadline) override;
  // Case-insensitive literal substring of name or description; newest first (createdAt, then _id).
  // Text that is not valid UTF-8 cannot occur in a stored product, so it finds nothing.
  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline) override;

  // Readiness: the server answers a ping before the deadline.
  void ping(domain::Deadline deadline);

 private:
  MongoClientPool& pool_;
  WriteLocks locks_;
};

}  // namespace products::adapters::mongo
