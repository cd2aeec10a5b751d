#include "adapters/grpc/grpc_status.hpp"

#include <exception>
#include <string>

#include <spdlog/spdlog.h>

namespace products::adapters::grpc {

using domain::ErrorKind;

::grpc::StatusCode status_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::InvalidArgument: return ::grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::NotFound: return ::grpc::StatusCode::NOT_FOUND;
    // The create the key names exists already, with another body.
    case ErrorKind::Conflict: return ::grpc::StatusCode::ALREADY_EXISTS;
    case ErrorKind::Unavailable: return ::grpc::StatusCode::UNAVAILABLE;
    case ErrorKind::DeadlineExceeded: return ::grpc::StatusCode::DEADLINE_EXCEEDED;
    case ErrorKind::Internal: return ::grpc::StatusCode::INTERNAL;
  }
  return ::grpc::StatusCode::INTERNAL;
}

::grpc::Status status_for(const domain::Error& error, std::string_view method) {
  const auto code = status_code_for(error.kind());
  switch (error.kind()) {
    case ErrorKind::InvalidArgument:
    case ErrorKind::NotFound:
    case ErrorKind::Conflict:
      return {code, error.what()};
    case ErrorKind::Unavailable:
      spdlog::warn("grpc {}: {}", method, error.what());
      return {code, "a dependency is unavailable; retry later"};
    case ErrorKind::DeadlineExceeded:
      spdlog::warn("grpc {}: {}", method, error.what());
      return {code, "deadline exceeded"};
    case ErrorKind::Internal:
      break;
  }
  spdlog::error("grpc {}: {}", method, error.what());
  return {::grpc::StatusCode::INTERNAL, "internal error"};
}

::grpc::Status status_for_current_exception(std::string_view method) {
  try {
    throw;
  } catch (const domain::Error& error) {
    return status_for(error, method);
  } catch (const std::exception& error) {
    return status_for(domain::Error::internal(error.what()), method);
  } catch (...) {
    return status_for(domain::Error::internal("unknown exception"), method);
  }
}

}  // namespace products::adapters::grpc
