#include "adapters/grpc/grpc_status.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace products::adapters::grpc {
namespace {

using domain::Error;
using domain::ErrorKind;

TEST(GrpcStatus, EachErrorKindHasItsCode) {
  EXPECT_EQ(status_code_for(ErrorKind::InvalidArgument), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status_code_for(ErrorKind::NotFound), ::grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status_code_for(ErrorKind::Conflict), ::grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(status_code_for(ErrorKind::Unavailable), ::grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status_code_for(ErrorKind::DeadlineExceeded), ::grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(status_code_for(ErrorKind::Internal), ::grpc::StatusCode::INTERNAL);
}

TEST(GrpcStatus, CallerMistakesAreDescribedToTheCaller) {
  const auto invalid = status_for(Error::invalid_field("name", "is required"), "Create");
  EXPECT_EQ(invalid.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(invalid.error_message(), "invalid input: name is required");

  const auto missing = status_for(Error::not_found("product 65a1b2c3d4e5f60718293a4b not found"), "GetByID");
  EXPECT_EQ(missing.error_code(), ::grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_message(), "product 65a1b2c3d4e5f60718293a4b not found");

  const auto reused = status_for(Error::conflict("idempotency key \"k\" was first used for another create"), "Create");
  EXPECT_EQ(reused.error_code(), ::grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(reused.error_message(), "idempotency key \"k\" was first used for another create");
}

TEST(GrpcStatus, DependencyFailuresAndBugsKeepTheirDetailsInTheLog) {
  const auto down = status_for(Error::unavailable("mongo: no suitable servers at 10.1.2.3:27017"), "Create");
  EXPECT_EQ(down.error_code(), ::grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(down.error_message().find("10.1.2.3"), std::string::npos);

  const auto late = status_for(Error::deadline_exceeded("mongo: operation exceeded time limit"), "Search");
  EXPECT_EQ(late.error_code(), ::grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(late.error_message().find("mongo"), std::string::npos);

  const auto bug = status_for(Error::internal("unexpected BSON type 0x13 in field price"), "GetByID");
  EXPECT_EQ(bug.error_code(), ::grpc::StatusCode::INTERNAL);
  EXPECT_EQ(bug.error_message(), "internal error");
}

TEST(GrpcStatus, AnyOtherExceptionIsInternal) {
  ::grpc::Status status;
  try {
    throw std::out_of_range("vector::at index 7 of 3");
  } catch (...) {
    status = status_for_current_exception("Update");
  }
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
}

}  // namespace
}  // namespace products::adapters::grpc
