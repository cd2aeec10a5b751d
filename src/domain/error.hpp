#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace products::domain {

// The one failure vocabulary of the service. Each transport maps it once (HTTP status, gRPC code).
enum class ErrorKind {
  InvalidArgument,   // the caller sent something wrong; retrying the same input cannot help
  NotFound,
  Conflict,          // the request contradicts what the service holds: an idempotency key reused with another body
  Unavailable,       // a dependency is down or overloaded; retrying later may succeed
  DeadlineExceeded,  // the request's deadline passed before the work finished
  Internal,          // a bug or an unexpected answer; details go to the log, never to the caller
};

// Field name (as in the JSON contract) -> what is wrong with it.
using FieldErrors = std::map<std::string, std::string>;

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, FieldErrors fields = {});

  static Error invalid(FieldErrors fields);
  static Error invalid_field(std::string field, std::string problem);
  static Error not_found(std::string what);
  static Error conflict(std::string what);
  static Error unavailable(std::string what);
  static Error deadline_exceeded(std::string what);
  static Error internal(std::string what);

  ErrorKind kind() const noexcept { return kind_; }
  const FieldErrors& fields() const noexcept { return fields_; }
  // Transient failures are retried (consumer) or reported as retryable (HTTP 503, UNAVAILABLE).
  bool transient() const noexcept;

 private:
  ErrorKind kind_;
  FieldErrors fields_;
};

const char* to_string(ErrorKind kind) noexcept;

}  // namespace products::domain
