#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <mongoc/mongoc.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/pooled_client.hpp"
#include "domain/deadline.hpp"
#include "domain/error.hpp"

namespace products::adapters::mongo {

// One call to MongoDB on behalf of a request: a pooled client and the configured collection for
// its scope, every server command bounded by what is left of the request's deadline, and its
// failures turned into domain::Error named after the operation.
class MongoOperation {
 public:
  // Fails fast with DeadlineExceeded when the deadline has already passed, before taking a client.
  MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline);
  // The same on another collection of the configured database.
  MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline, const std::string& collection);
  // Takes a client only if one is free now; without one (has_client), the operation must not run.
  MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline, std::try_to_lock_t);
  // Reports the operation to the pool's observer: its name, how long it took from before taking
  // a client, and whether it failed (error() was asked for, or an exception is leaving its scope).
  ~MongoOperation();
  MongoOperation(const MongoOperation&) = delete;
  MongoOperation& operator=(const MongoOperation&) = delete;

  bool has_client() const noexcept { return client_.has_client(); }

  mongoc_client_t* client() const noexcept { return client_.get(); }
  mongoc_collection_t* collection() const noexcept { return collection_.get(); }

  // Throws DeadlineExceeded once the deadline has passed; for loops that make several calls.
  void check_deadline() const;
  // maxTimeMS for the next command: what is left of the deadline, at least 1 (0 means no limit).
  std::uint32_t max_time_ms() const noexcept;
  // Command options holding maxTimeMS, for the *_with_opts functions.
  BsonDocument options() const;

  domain::Error error(const bson_error_t& error) const;

 private:
  std::string name_;
  domain::Deadline deadline_;
  usecase::OperationObserver* observer_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  int exceptions_ = std::uncaught_exceptions();
  mutable bool failed_ = false;
  PooledClient client_;
  CollectionHandle collection_;
};

}  // namespace products::adapters::mongo
