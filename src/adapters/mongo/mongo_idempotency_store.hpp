#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <thread>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "usecase/idempotency_store.hpp"

namespace products::adapters::mongo {

// IdempotencyStore over a collection of the products' database (MongoConfig::idempotency_collection),
// one document per key: {_id: key, expiresAt, command: <the product document the create writes>}.
// A claim is one findAndModify ($setOnInsert upsert) whatever the outcome; a record past its
// expiresAt is taken over by the next claim of its key. FerretDB has no TTL indexes, so a thread
// of the store's own deletes expired records every purge interval (an index on expiresAt serves it
// on MongoDB; see MongoSchema).
class MongoIdempotencyStore : public usecase::IdempotencyStore {
 public:
  // purge_interval zero: no purge thread (tools and tests that purge by hand).
  MongoIdempotencyStore(MongoClientPool& pool, std::chrono::seconds retention,
                        std::chrono::milliseconds purge_interval);
  MongoIdempotencyStore(const MongoIdempotencyStore&) = delete;
  MongoIdempotencyStore& operator=(const MongoIdempotencyStore&) = delete;

  usecase::KeyedCreate claim(const usecase::KeyedCreate& candidate, domain::Deadline deadline) override;

  // Deletes the records whose window has passed; returns how many went.
  std::int64_t purge_expired(domain::Deadline deadline);

 private:
  void purge_every(std::chrono::milliseconds interval, std::stop_token stop);

  MongoClientPool& pool_;
  std::chrono::seconds retention_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread purger_;  // last: it stops and joins before the rest goes
};

}  // namespace products::adapters::mongo
