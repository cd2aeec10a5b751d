#pragma once

#include <string_view>

#include <grpcpp/support/status.h>

#include "domain/error.hpp"

namespace products::adapters::grpc {

// The one mapping of domain::ErrorKind to gRPC (SPEC §4).
::grpc::StatusCode status_code_for(domain::ErrorKind kind) noexcept;

// The status a failed call answers with. Only the caller's own mistakes (bad input, unknown id)
// are described to it; dependency failures and bugs get a generic message and go to the log.
::grpc::Status status_for(const domain::Error& error, std::string_view method);

// Same, for the exception being handled (call from inside a catch block).
::grpc::Status status_for_current_exception(std::string_view method);

}  // namespace products::adapters::grpc
