// The server, through libmongoc and this adapter's wrappers: what the repository relies on.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/mongo/mongo_errors.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/regex_literal.hpp"
#include "integration/mongo/mongo_fixture.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ErrorKind;

class Driver : public MongoFixture {
 protected:
  void insert(std::int32_t id, const char* name) {
    BsonDocument document;
    bson_append_int32(document.get(), "_id", -1, id);
    bson_append_utf8(document.get(), "name", -1, name, -1);
    const MongoOperation op(*pool_, "insert", soon());
    bson_error_t error;
    ASSERT_TRUE(mongoc_collection_insert_one(op.collection(), document.get(), nullptr, nullptr, &error))
        << error.message;
  }

  std::vector<std::string> names_matching(const BsonDocument& filter) {
    const MongoOperation op(*pool_, "find", soon());
    const auto options = op.options();
    CursorHandle cursor(mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
    return string_field(cursor.get(), "name");
  }

  BsonDocument name_regex(const std::string& pattern) {
    BsonDocument filter;
    bson_append_regex(filter.get(), "name", -1, pattern.c_str(), "i");
    return filter;
  }

  BsonDocument by_id(std::int32_t id) {
    BsonDocument filter;
    bson_append_int32(filter.get(), "_id", -1, id);
    return filter;
  }
};

TEST_F(Driver, InsertsFindsUpdatesAndDeletes) {
  insert(1, "first");
  EXPECT_EQ(names_matching(by_id(1)), std::vector<std::string>{"first"});

  const MongoOperation op(*pool_, "write", soon());
  BsonDocument update;
  bson_t set;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  bson_append_utf8(&set, "name", -1, "renamed", -1);
  bson_append_document_end(update.get(), &set);
  bson_error_t error;
  ASSERT_TRUE(mongoc_collection_update_one(op.collection(), by_id(1).get(), update.get(), nullptr, nullptr, &error))
      << error.message;
  EXPECT_EQ(names_matching(by_id(1)), std::vector<std::string>{"renamed"});

  ASSERT_TRUE(mongoc_collection_delete_one(op.collection(), by_id(1).get(), nullptr, nullptr, &error))
      << error.message;
  EXPECT_TRUE(names_matching(by_id(1)).empty());
}

TEST_F(Driver, ADuplicateIdIsErrorCode11000) {
  insert(7, "once");
  BsonDocument again;
  bson_append_int32(again.get(), "_id", -1, 7);
  const MongoOperation op(*pool_, "insert", soon());
  bson_error_t error;
  ASSERT_FALSE(mongoc_collection_insert_one(op.collection(), again.get(), nullptr, nullptr, &error));
  EXPECT_EQ(error.code, 11000u) << error.message;
  EXPECT_TRUE(MongoErrors::is_duplicate_key(error));
}

TEST_F(Driver, AnEscapedCaseInsensitiveRegexMatchesOnlyTheLiteral) {
  insert(1, "a.c");
  insert(2, "abc");
  EXPECT_EQ(names_matching(name_regex(escape_regex("A.C"))), std::vector<std::string>{"a.c"});
  // Unescaped, the dot is a wildcard: what the original service did with user input.
  EXPECT_EQ(names_matching(name_regex("A.C")).size(), 2u);
}

TEST_F(Driver, EscapedMetacharactersAndNulAreAcceptedByTheServer) {
  insert(1, "plain");
  const std::vector<std::string> texts = {"(", "[", "\\", "{1", ".*", "$where", "a|b", std::string("nul\0", 4)};
  for (const auto& text : texts) {
    EXPECT_TRUE(names_matching(name_regex(escape_regex(text))).empty()) << text;
  }
}

TEST_F(Driver, APoolWithNoFreeClientGivesUpAfterTheWaitTimeout) {
  auto config = config_;
  config.pool_max_size = 1;
  config.pool_wait_timeout = std::chrono::milliseconds(200);
  MongoClientPool pool(config);
  const auto held = pool.checkout();
  const auto started = std::chrono::steady_clock::now();
  try {
    const auto second = pool.checkout();
    FAIL() << "a second client was handed out";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(150));
}

TEST_F(Driver, AnUnreachableServerIsATransientFailure) {
  auto config = config_;
  config.uri = "mongodb://127.0.0.1:1";
  config.server_selection_timeout = std::chrono::milliseconds(300);
  MongoClientPool pool(config);
  try {
    MongoSchema(pool).ensure_collection(soon());
    FAIL() << "reached a server on port 1";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable) << e.what();
  }
}

TEST_F(Driver, OperationOptionsCarryTheTimeLeft) {
  const MongoOperation op(*pool_, "find", soon());
  const auto options = op.options();
  bson_iter_t iter;
  ASSERT_TRUE(bson_iter_init_find(&iter, options.get(), "maxTimeMS"));
  EXPECT_GT(bson_iter_as_int64(&iter), 9000);
  EXPECT_LE(bson_iter_as_int64(&iter), 10000);
}

}  // namespace
}  // namespace products::adapters::mongo
