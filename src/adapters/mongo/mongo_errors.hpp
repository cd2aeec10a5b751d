#pragma once

#include <string_view>

#include <bson/bson.h>

#include "domain/deadline.hpp"
#include "domain/error.hpp"

namespace products::adapters::mongo {

// How libmongoc failures (error API version 2) become domain::Error.
class MongoErrors {
 public:
  // DeadlineExceeded for time limits the server enforced (maxTimeMS); Unavailable for anything a
  // retry may cure (no server selectable, socket errors and timeouts, a primary stepping down, a
  // write concern not satisfied in time); Internal for everything else.
  static domain::ErrorKind classify(const bson_error_t& error) noexcept;

  // The insert half of an upsert, or an insert, hit an existing _id.
  static bool is_duplicate_key(const bson_error_t& error) noexcept;

  // The error to throw for a failed `operation`. A transient failure once the deadline has passed
  // is reported as DeadlineExceeded, whatever timed out first. Internal failures are logged here
  // with libmongoc's message, which never reaches the caller.
  static domain::Error to_error(const bson_error_t& error, std::string_view operation, domain::Deadline deadline);
};

}  // namespace products::adapters::mongo
