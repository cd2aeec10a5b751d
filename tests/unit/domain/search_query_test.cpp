#include "domain/search_query.hpp"

#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::UnorderedElementsAre;

FieldErrors errors_of(std::int64_t page, std::int64_t size) {
  try {
    SearchQuery::make("", page, size);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    return e.fields();
  }
  ADD_FAILURE() << "page=" << page << " size=" << size << " was accepted";
  return {};
}

TEST(SearchQueryTest, DefaultsAreFirstPageOfTen) {
  const SearchQuery query;
  EXPECT_EQ(query.page, 1);
  EXPECT_EQ(query.size, 10);
  EXPECT_EQ(query.page, SearchQuery::kDefaultPage);
  EXPECT_EQ(query.size, SearchQuery::kDefaultSize);
  EXPECT_EQ(query.text, "");
  EXPECT_EQ(query.skip(), 0);
}

TEST(SearchQueryTest, MakeKeepsTheTextAsGiven) {
  // The text is matched literally later on; nothing here may trim or unescape it.
  const auto query = SearchQuery::make("  Cup.*$ne ", 2, 25);
  EXPECT_EQ(query.text, "  Cup.*$ne ");
  EXPECT_EQ(query.page, 2);
  EXPECT_EQ(query.size, 25);
}

TEST(SearchQueryTest, MakeAcceptsTheBounds) {
  EXPECT_NO_THROW(SearchQuery::make("", 1, 1));
  EXPECT_NO_THROW(SearchQuery::make("", 1, 100));
  EXPECT_NO_THROW(SearchQuery::make("", 1'000'000, 10));
}

TEST(SearchQueryTest, MakeRejectsPageBelowOne) {
  for (const std::int64_t page : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min()}) {
    const auto errors = errors_of(page, 10);
    EXPECT_THAT(errors, UnorderedElementsAre(Key("page"))) << page;
    if (errors.contains("page")) {
      EXPECT_THAT(errors.at("page"), HasSubstr("1 or more"));
    }
  }
}

// Found by tests/fuzz/http_request: ?page=9223372036854775807&size=100 was accepted, and skip()
// overflowed (undefined behaviour; a negative skip sent to MongoDB).
TEST(SearchQueryTest, MakeRejectsPageWhoseSkipWouldOverflow) {
  EXPECT_EQ(SearchQuery::make("", SearchQuery::kMaxPage, 100).skip(),
            (std::numeric_limits<std::int64_t>::max() / 100) * 100);
  for (const std::int64_t page : {SearchQuery::kMaxPage + 1, std::numeric_limits<std::int64_t>::max()}) {
    const auto errors = errors_of(page, 1);
    EXPECT_THAT(errors, UnorderedElementsAre(Key("page"))) << page;
    if (errors.contains("page")) {
      EXPECT_THAT(errors.at("page"), HasSubstr("at most 92233720368547759"));
    }
  }
}

TEST(SearchQueryTest, MakeRejectsSizeOutsideOneToHundred) {
  for (const std::int64_t size : {std::int64_t{0}, std::int64_t{-5}, std::int64_t{101}, std::int64_t{1000}}) {
    const auto errors = errors_of(1, size);
    EXPECT_THAT(errors, UnorderedElementsAre(Key("size"))) << size;
    if (errors.contains("size")) {
      EXPECT_THAT(errors.at("size"), HasSubstr("between 1 and 100"));
    }
  }
}

TEST(SearchQueryTest, MakeReportsPageAndSizeTogether) {
  try {
    SearchQuery::make("x", 0, 0);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.fields(), UnorderedElementsAre(Key("page"), Key("size")));
    EXPECT_THAT(e.what(), HasSubstr("page"));
    EXPECT_THAT(e.what(), HasSubstr("size"));
  }
}

TEST(SearchQueryTest, SkipIsTheRowsOfThePreviousPages) {
  EXPECT_EQ(SearchQuery::make("", 1, 10).skip(), 0);
  EXPECT_EQ(SearchQuery::make("", 2, 10).skip(), 10);
  EXPECT_EQ(SearchQuery::make("", 3, 7).skip(), 14);
  EXPECT_EQ(SearchQuery::make("", 5, 100).skip(), 400);
  EXPECT_EQ(SearchQuery::make("", 1, 1).skip(), 0);
  EXPECT_EQ(SearchQuery::make("", 1'000'000, 100).skip(), 99'999'900);
}

}  // namespace
}  // namespace products::domain
