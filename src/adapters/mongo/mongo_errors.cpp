#include "adapters/mongo/mongo_errors.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>
#include <mongoc/mongoc.h>
#include <spdlog/spdlog.h>

namespace products::adapters::mongo {

using domain::Error;
using domain::ErrorKind;

namespace {

// Server codes that bound the work by time.
constexpr std::array<std::uint32_t, 3> kTimeLimitCodes = {
    50,   // MaxTimeMSExpired
    202,  // NetworkInterfaceExceededTimeLimit
    262,  // ExceededTimeLimit
};

// The retryable-writes specification's list, plus write conflicts and unsatisfied write concerns.
constexpr std::array<std::uint32_t, 14> kTransientCodes = {
    6,      // HostUnreachable
    7,      // HostNotFound
    64,     // WriteConcernFailed (wtimeout)
    89,     // NetworkTimeout
    91,     // ShutdownInProgress
    112,    // WriteConflict
    133,    // FailedToSatisfyReadPreference
    189,    // PrimarySteppedDown
    9001,   // SocketException
    10107,  // NotWritablePrimary
    11600,  // InterruptedAtShutdown
    11602,  // InterruptedDueToReplStateChange
    13435,  // NotPrimaryNoSecondaryOk
    13436,  // NotPrimaryOrSecondary
};

// FerretDB reports its own cut-off of a slow query (Go's context error) as InternalError, code 1.
bool is_ferretdb_timeout(const bson_error_t& error) {
  return error.code == 1 && std::strstr(error.message, "context deadline exceeded") != nullptr;
}

template <std::size_t N>
bool contains(const std::array<std::uint32_t, N>& codes, std::uint32_t code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

ErrorKind MongoErrors::classify(const bson_error_t& error) noexcept {
  switch (error.domain) {
    case MONGOC_ERROR_STREAM:
    case MONGOC_ERROR_SERVER_SELECTION:
      return ErrorKind::Unavailable;
    case MONGOC_ERROR_WRITE_CONCERN:
      // The write reached the primary but was not confirmed as configured; applying it again is
      // safe because every write of the repository is idempotent.
      return contains(kTimeLimitCodes, error.code) ? ErrorKind::DeadlineExceeded : ErrorKind::Unavailable;
    case MONGOC_ERROR_SERVER:
      if (contains(kTimeLimitCodes, error.code) || is_ferretdb_timeout(error)) return ErrorKind::DeadlineExceeded;
      if (contains(kTransientCodes, error.code)) return ErrorKind::Unavailable;
      return ErrorKind::Internal;
    default:
      return ErrorKind::Internal;
  }
}

bool MongoErrors::is_duplicate_key(const bson_error_t& error) noexcept {
  return error.domain == MONGOC_ERROR_SERVER && error.code == MONGOC_ERROR_DUPLICATE_KEY;
}

Error MongoErrors::to_error(const bson_error_t& error, std::string_view operation, domain::Deadline deadline) {
  auto kind = classify(error);
  if (kind == ErrorKind::Internal) {
    spdlog::error("mongodb {} failed: domain {} code {}: {}", operation, error.domain, error.code, error.message);
    return Error::internal(fmt::format("mongodb {} failed", operation));
  }
  // Transient failures carry host names and the like: they go to the log, not into the message.
  spdlog::warn("mongodb {} failed transiently: domain {} code {}: {}", operation, error.domain, error.code,
               error.message);
  if (kind == ErrorKind::Unavailable && deadline.expired()) kind = ErrorKind::DeadlineExceeded;
  if (kind == ErrorKind::DeadlineExceeded) {
    return Error::deadline_exceeded(fmt::format("mongodb {}: deadline exceeded", operation));
  }
  return Error::unavailable(fmt::format("mongodb {}: unavailable", operation));
}

}  // namespace products::adapters::mongo
