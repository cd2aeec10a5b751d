#include "adapters/mongo/mongo_schema.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "integration/mongo/mongo_fixture.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ErrorKind;

class Schema : public MongoFixture {
 protected:
  std::set<std::string> index_names() { return index_names(config_.collection); }
  std::set<std::string> index_names(const std::string& collection) {
    const MongoOperation op(*pool_, "list indexes", soon(), collection);
    CursorHandle cursor(mongoc_collection_find_indexes_with_opts(op.collection(), nullptr));
    const auto names = string_field(cursor.get(), "name");
    return {names.begin(), names.end()};
  }
};

TEST_F(Schema, CreatesTheIndexes) {
  EXPECT_EQ(index_names(), (std::set<std::string>{"_id_", "createdAt_-1__id_-1", "categoryId_1", "name_1"}));
  EXPECT_EQ(index_names(config_.idempotency_collection), (std::set<std::string>{"_id_", "expiresAt_1"}));
}

// The fixture made the schema once already; FerretDB used to drop the connection here.
TEST_F(Schema, IsIdempotent) {
  MongoSchema schema(*pool_);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NO_THROW(schema.ensure_collection(soon()));
    EXPECT_NO_THROW(schema.ensure_indexes(soon()));
  }
  EXPECT_EQ(index_names().size(), 4u);
}

TEST_F(Schema, FailsFastOnAnExpiredDeadline) {
  MongoSchema schema(*pool_);
  try {
    schema.ensure_indexes(expired());
    FAIL() << "no error";
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::DeadlineExceeded);
  }
}

}  // namespace
}  // namespace products::adapters::mongo
