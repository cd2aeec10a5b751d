#include "adapters/mongo/bson_document.hpp"

#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace products::adapters::mongo {
namespace {

// Large enough that libbson moves it from the inline buffer to the heap.
BsonDocument big_document() {
  BsonDocument document;
  const std::string text(1000, 'x');
  for (int i = 0; i < 10; ++i) bson_append_utf8(document.get(), std::to_string(i).c_str(), -1, text.c_str(), -1);
  return document;
}

TEST(BsonDocument, StartsEmpty) {
  const BsonDocument document;
  EXPECT_TRUE(bson_empty(document.get()));
  EXPECT_EQ(document.json(), "{ }");
}

TEST(BsonDocument, MovesInlineAndHeapDocuments) {
  BsonDocument small;
  bson_append_int32(small.get(), "a", -1, 1);
  BsonDocument moved(std::move(small));
  EXPECT_EQ(moved.json(), R"({ "a" : 1 })");
  EXPECT_TRUE(bson_empty(small.get()));

  auto big = big_document();
  BsonDocument target;
  target = std::move(big);
  EXPECT_EQ(bson_count_keys(target.get()), 10u);
  EXPECT_TRUE(bson_empty(big.get()));
  bson_append_int32(big.get(), "reused", -1, 2);
  EXPECT_EQ(big.json(), R"({ "reused" : 2 })");
}

TEST(BsonDocument, CopiesADocumentItDoesNotOwn) {
  const auto original = big_document();
  const auto copy = BsonDocument::copy_of(*original.get());
  EXPECT_TRUE(bson_equal(original.get(), copy.get()));
  EXPECT_NE(bson_get_data(original.get()), bson_get_data(copy.get()));
}

}  // namespace
}  // namespace products::adapters::mongo
