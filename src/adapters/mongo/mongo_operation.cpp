#include "adapters/mongo/mongo_operation.hpp"

#include <algorithm>
#include <exception>
#include <limits>

#include <fmt/format.h>

#include "adapters/mongo/mongo_errors.hpp"

namespace products::adapters::mongo {

namespace {

// Used in the member initialisers so that an expired deadline fails before a client is taken.
const std::string& unexpired(const std::string& name, domain::Deadline deadline) {
  if (deadline.expired()) throw domain::Error::deadline_exceeded(fmt::format("mongodb {}: deadline exceeded", name));
  return name;
}

// A collection of the configured database, if the operation got a client.
mongoc_collection_t* collection_of(const PooledClient& client, const MongoConfig& config, const std::string& name) {
  if (!client.has_client()) return nullptr;
  return mongoc_client_get_collection(client.get(), config.database.c_str(), name.c_str());
}

}  // namespace

MongoOperation::MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline)
    : name_(unexpired(name, deadline)),
      deadline_(deadline),
      observer_(pool.config().observer),
      client_(pool.checkout()),
      collection_(collection_of(client_, pool.config(), pool.config().collection)) {}

MongoOperation::MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline,
                               const std::string& collection)
    : name_(unexpired(name, deadline)),
      deadline_(deadline),
      observer_(pool.config().observer),
      client_(pool.checkout()),
      collection_(collection_of(client_, pool.config(), collection)) {}

MongoOperation::MongoOperation(MongoClientPool& pool, std::string name, domain::Deadline deadline, std::try_to_lock_t)
    : name_(unexpired(name, deadline)),
      deadline_(deadline),
      observer_(pool.config().observer),
      client_(pool.try_checkout()),
      collection_(collection_of(client_, pool.config(), pool.config().collection)) {}

MongoOperation::~MongoOperation() {
  // An operation without a client did not run.
  if (!observer_ || !client_.has_client()) return;
  std::string operation = name_;
  std::replace(operation.begin(), operation.end(), ' ', '_');
  const bool failed = failed_ || std::uncaught_exceptions() > exceptions_;
  observer_->completed(operation, !failed, std::chrono::steady_clock::now() - started_);
}

void MongoOperation::check_deadline() const { unexpired(name_, deadline_); }

std::uint32_t MongoOperation::max_time_ms() const noexcept {
  return static_cast<std::uint32_t>(
      std::min<std::int64_t>(deadline_.remaining_ms_at_least_one(), std::numeric_limits<std::int32_t>::max()));
}

BsonDocument MongoOperation::options() const {
  BsonDocument options;
  bson_append_int64(options.get(), "maxTimeMS", -1, max_time_ms());
  return options;
}

domain::Error MongoOperation::error(const bson_error_t& error) const {
  failed_ = true;
  return MongoErrors::to_error(error, name_, deadline_);
}

}  // namespace products::adapters::mongo
