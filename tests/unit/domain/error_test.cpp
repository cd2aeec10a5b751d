#include "domain/error.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace products::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(ErrorTest, FactoriesSetTheKindAndMessage) {
  EXPECT_EQ(Error::not_found("product x not found").kind(), ErrorKind::NotFound);
  EXPECT_EQ(Error::unavailable("kafka down").kind(), ErrorKind::Unavailable);
  EXPECT_EQ(Error::deadline_exceeded("too slow").kind(), ErrorKind::DeadlineExceeded);
  EXPECT_EQ(Error::internal("bug").kind(), ErrorKind::Internal);
  EXPECT_STREQ(Error::not_found("product x not found").what(), "product x not found");
  EXPECT_STREQ(Error::unavailable("kafka down").what(), "kafka down");
  EXPECT_THAT(Error::internal("bug").fields(), IsEmpty());
}

TEST(ErrorTest, ConstructorKeepsKindMessageAndFields) {
  const Error e(ErrorKind::InvalidArgument, "custom", {{"a", "b"}});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_STREQ(e.what(), "custom");
  EXPECT_THAT(e.fields(), UnorderedElementsAre(Pair("a", "b")));
}

TEST(ErrorTest, OnlyUnavailableAndDeadlineExceededAreTransient) {
  EXPECT_TRUE(Error::unavailable("x").transient());
  EXPECT_TRUE(Error::deadline_exceeded("x").transient());
  EXPECT_FALSE(Error::invalid_field("name", "is required").transient());
  EXPECT_FALSE(Error::not_found("x").transient());
  EXPECT_FALSE(Error::internal("x").transient());
}

TEST(ErrorTest, InvalidSummarisesEveryFieldInTheMessage) {
  const auto e = Error::invalid({{"price", "must be a finite number greater than 0"}, {"name", "is required"}});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_THAT(e.fields(), UnorderedElementsAre(Pair("name", "is required"),
                                               Pair("price", "must be a finite number greater than 0")));
  // Fields come out in name order, so the message is stable from one run to the next.
  EXPECT_STREQ(e.what(), "invalid input: name is required; price must be a finite number greater than 0");
}

TEST(ErrorTest, InvalidFieldNamesTheOneField) {
  const auto e = Error::invalid_field("body", "must be a JSON object");
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_THAT(e.fields(), UnorderedElementsAre(Pair("body", "must be a JSON object")));
  EXPECT_STREQ(e.what(), "invalid input: body must be a JSON object");
}

TEST(ErrorTest, InvalidWithoutFieldsStillSaysInvalidInput) {
  EXPECT_STREQ(Error::invalid({}).what(), "invalid input");
}

TEST(ErrorTest, IsCatchableAsStdException) {
  try {
    throw Error::unavailable("redis down");
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("redis down"));
  }
}

TEST(ErrorTest, KindNamesAreStableSnakeCase) {
  EXPECT_STREQ(to_string(ErrorKind::InvalidArgument), "invalid_argument");
  EXPECT_STREQ(to_string(ErrorKind::NotFound), "not_found");
  EXPECT_STREQ(to_string(ErrorKind::Unavailable), "unavailable");
  EXPECT_STREQ(to_string(ErrorKind::DeadlineExceeded), "deadline_exceeded");
  EXPECT_STREQ(to_string(ErrorKind::Internal), "internal");
}

}  // namespace
}  // namespace products::domain
