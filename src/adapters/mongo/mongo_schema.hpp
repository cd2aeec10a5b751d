#pragma once

#include "adapters/mongo/mongo_client_pool.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::mongo {

// The configured collection and its indexes, made idempotently: at start-up and by mongo-init.
class MongoSchema {
 public:
  explicit MongoSchema(MongoClientPool& pool) : pool_(pool) {}

  // Creates the collection; one that already exists is fine.
  void ensure_collection(domain::Deadline deadline);
  // {createdAt: -1, _id: -1}, {categoryId: 1}, {name: 1}, and the idempotency records'
  // {expiresAt: 1}; an index that exists is left alone.
  void ensure_indexes(domain::Deadline deadline);

 private:
  MongoClientPool& pool_;
};

}  // namespace products::adapters::mongo
