#pragma once

#include <span>
#include <vector>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/write_locks.hpp"
#include "usecase/product_repository.hpp"

namespace products::adapters::mongo {

// MongoProductRepository::write_batch: the writes of a batch in rounds, a product's n-th write in
// round n, so that its writes keep their order while each command writes a product at most once.
// In a round, creates are inserts of the whole versioned document (one round trip for a new
// product); updates and deletes are upserts with the conditions of the single writes (see
// BulkWrite for the limits of one command). Each command holds the WriteLocks of its products. A
// write that collides with the stored document (a replay, a superseded write, a tombstone) is
// settled the single-write way (VersionedWrites). A transient failure (the server out of reach,
// the deadline passed) fails every write not yet settled, which would only wait for the same
// server; any other failure fails its write alone.
class BatchWriter {
 public:
  BatchWriter(MongoClientPool& pool, WriteLocks& locks) : pool_(pool), locks_(locks) {}

  // One outcome per write, in order; never throws.
  std::vector<usecase::WriteOutcome> write(std::span<const usecase::VersionedWrite> writes, domain::Deadline deadline);

 private:
  MongoClientPool& pool_;
  WriteLocks& locks_;
};

}  // namespace products::adapters::mongo
