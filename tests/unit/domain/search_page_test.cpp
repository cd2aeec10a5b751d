#include "domain/search_page.hpp"

#include <gtest/gtest.h>

namespace products::domain {
namespace {

SearchPage page_of(std::int64_t total, std::int64_t page, std::int64_t size) {
  SearchPage p;
  p.total_count = total;
  p.page = page;
  p.size = size;
  return p;
}

TEST(SearchPageTest, NoResultsMeansNoPagesAndNothingMore) {
  const auto p = page_of(0, 1, 10);
  EXPECT_EQ(p.total_pages(), 0);
  EXPECT_FALSE(p.has_more());
}

TEST(SearchPageTest, FewerResultsThanASizeFitOnOnePage) {
  const auto p = page_of(3, 1, 10);
  EXPECT_EQ(p.total_pages(), 1);
  EXPECT_FALSE(p.has_more());
}

TEST(SearchPageTest, ExactMultipleHasNoEmptyTrailingPage) {
  EXPECT_EQ(page_of(10, 1, 10).total_pages(), 1);
  EXPECT_EQ(page_of(100, 1, 10).total_pages(), 10);
  EXPECT_TRUE(page_of(100, 9, 10).has_more());
  EXPECT_FALSE(page_of(100, 10, 10).has_more());
}

TEST(SearchPageTest, PartialLastPageCounts) {
  EXPECT_EQ(page_of(11, 1, 10).total_pages(), 2);
  EXPECT_EQ(page_of(101, 1, 10).total_pages(), 11);
  EXPECT_TRUE(page_of(11, 1, 10).has_more());
  EXPECT_FALSE(page_of(11, 2, 10).has_more());
}

TEST(SearchPageTest, SizeOneMakesOnePagePerResult) {
  EXPECT_EQ(page_of(7, 1, 1).total_pages(), 7);
  EXPECT_TRUE(page_of(7, 6, 1).has_more());
  EXPECT_FALSE(page_of(7, 7, 1).has_more());
}

TEST(SearchPageTest, PageBeyondTheLastHasNothingMore) {
  const auto p = page_of(25, 9, 10);
  EXPECT_EQ(p.total_pages(), 3);
  EXPECT_FALSE(p.has_more());
}

TEST(SearchPageTest, DefaultsAreAnEmptyFirstPageOfTen) {
  const SearchPage p;
  EXPECT_EQ(p.total_count, 0);
  EXPECT_EQ(p.page, 1);
  EXPECT_EQ(p.size, 10);
  EXPECT_TRUE(p.products.empty());
  EXPECT_EQ(p.total_pages(), 0);
  EXPECT_FALSE(p.has_more());
}

}  // namespace
}  // namespace products::domain
