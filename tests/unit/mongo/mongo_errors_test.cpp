#include "adapters/mongo/mongo_errors.hpp"

#include <chrono>
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <mongoc/mongoc.h>

namespace products::adapters::mongo {
namespace {

using domain::Deadline;
using domain::ErrorKind;

bson_error_t make_error(std::uint32_t domain, std::uint32_t code, const char* message = "detail from the driver") {
  bson_error_t error{};
  error.domain = domain;
  error.code = code;
  std::strncpy(error.message, message, sizeof error.message - 1);
  return error;
}

struct Case {
  const char* what;
  std::uint32_t domain;
  std::uint32_t code;
  ErrorKind kind;
};

class Classify : public ::testing::TestWithParam<Case> {};

TEST_P(Classify, MapsDomainAndCode) {
  const auto& c = GetParam();
  EXPECT_EQ(MongoErrors::classify(make_error(c.domain, c.code)), c.kind) << c.what;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Classify,
    ::testing::Values(
        Case{"no server selectable", MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE,
             ErrorKind::Unavailable},
        Case{"socket error or timeout", MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_SOCKET, ErrorKind::Unavailable},
        Case{"connection refused", MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_CONNECT, ErrorKind::Unavailable},
        Case{"name resolution", MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_NAME_RESOLUTION, ErrorKind::Unavailable},
        Case{"maxTimeMS expired", MONGOC_ERROR_SERVER, 50, ErrorKind::DeadlineExceeded},
        Case{"exceeded time limit", MONGOC_ERROR_SERVER, 262, ErrorKind::DeadlineExceeded},
        Case{"primary stepped down", MONGOC_ERROR_SERVER, 189, ErrorKind::Unavailable},
        Case{"not writable primary", MONGOC_ERROR_SERVER, 10107, ErrorKind::Unavailable},
        Case{"shutdown in progress", MONGOC_ERROR_SERVER, 91, ErrorKind::Unavailable},
        Case{"network timeout", MONGOC_ERROR_SERVER, 89, ErrorKind::Unavailable},
        Case{"write conflict", MONGOC_ERROR_SERVER, 112, ErrorKind::Unavailable},
        Case{"write concern timeout", MONGOC_ERROR_WRITE_CONCERN, 64, ErrorKind::Unavailable},
        Case{"write concern time limit", MONGOC_ERROR_WRITE_CONCERN, 50, ErrorKind::DeadlineExceeded},
        Case{"duplicate key", MONGOC_ERROR_SERVER, MONGOC_ERROR_DUPLICATE_KEY, ErrorKind::Internal},
        Case{"bad regex", MONGOC_ERROR_SERVER, 51091, ErrorKind::Internal},
        Case{"invalid namespace", MONGOC_ERROR_SERVER, 73, ErrorKind::Internal},
        Case{"unknown command", MONGOC_ERROR_SERVER, 59, ErrorKind::Internal},
        Case{"authentication", MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_AUTHENTICATE, ErrorKind::Internal},
        Case{"document too big", MONGOC_ERROR_CLIENT, MONGOC_ERROR_CLIENT_TOO_BIG, ErrorKind::Internal},
        Case{"invalid reply", MONGOC_ERROR_PROTOCOL, MONGOC_ERROR_PROTOCOL_INVALID_REPLY, ErrorKind::Internal},
        Case{"invalid BSON", MONGOC_ERROR_BSON, MONGOC_ERROR_BSON_INVALID, ErrorKind::Internal}));

TEST(MongoErrors, FerretDbsOwnQueryTimeoutIsDeadlineExceeded) {
  EXPECT_EQ(MongoErrors::classify(make_error(MONGOC_ERROR_SERVER, 1, "context deadline exceeded")),
            ErrorKind::DeadlineExceeded);
  EXPECT_EQ(MongoErrors::classify(make_error(MONGOC_ERROR_SERVER, 1, "some other internal error")),
            ErrorKind::Internal);
}

TEST(MongoErrors, RecognisesDuplicateKeysOnlyFromTheServer) {
  EXPECT_TRUE(MongoErrors::is_duplicate_key(make_error(MONGOC_ERROR_SERVER, 11000)));
  EXPECT_FALSE(MongoErrors::is_duplicate_key(make_error(MONGOC_ERROR_SERVER, 11001)));
  EXPECT_FALSE(MongoErrors::is_duplicate_key(make_error(MONGOC_ERROR_STREAM, 11000)));
}

TEST(MongoErrors, InternalErrorsKeepTheDriverMessageOutOfTheError) {
  const auto error = MongoErrors::to_error(make_error(MONGOC_ERROR_SERVER, 73, "secret detail"), "find",
                                           Deadline::after(std::chrono::seconds(5)));
  EXPECT_EQ(error.kind(), ErrorKind::Internal);
  EXPECT_EQ(std::string(error.what()).find("secret detail"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("find"), std::string::npos);
}

TEST(MongoErrors, TransientErrorsStayUnavailableWhileTimeIsLeft) {
  const auto error = MongoErrors::to_error(make_error(MONGOC_ERROR_STREAM, MONGOC_ERROR_STREAM_SOCKET), "upsert",
                                           Deadline::after(std::chrono::seconds(5)));
  EXPECT_EQ(error.kind(), ErrorKind::Unavailable);
  EXPECT_TRUE(error.transient());
}

TEST(MongoErrors, TransientErrorsAfterTheDeadlineAreDeadlineExceeded) {
  const Deadline passed(Deadline::Clock::now() - std::chrono::milliseconds(1));
  const auto error =
      MongoErrors::to_error(make_error(MONGOC_ERROR_SERVER_SELECTION, MONGOC_ERROR_SERVER_SELECTION_FAILURE),
                            "search", passed);
  EXPECT_EQ(error.kind(), ErrorKind::DeadlineExceeded);
}

TEST(MongoErrors, InternalErrorsStayInternalAfterTheDeadline) {
  const Deadline passed(Deadline::Clock::now() - std::chrono::milliseconds(1));
  EXPECT_EQ(MongoErrors::to_error(make_error(MONGOC_ERROR_SERVER, 73), "find", passed).kind(), ErrorKind::Internal);
}

}  // namespace
}  // namespace products::adapters::mongo
