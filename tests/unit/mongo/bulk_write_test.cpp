#include "adapters/mongo/bulk_write.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "adapters/mongo/mongo_errors.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ObjectId;
using Status = BulkWrite::Status;

BsonDocument json(const char* text) {
  bson_error_t error;
  bson_t* parsed = bson_new_from_json(reinterpret_cast<const std::uint8_t*>(text), -1, &error);
  EXPECT_NE(parsed, nullptr) << error.message;
  auto document = BsonDocument::copy_of(*parsed);
  bson_destroy(parsed);
  return document;
}

std::vector<Status> statuses(const BulkWrite::Result& result) {
  std::vector<Status> out;
  for (const auto& statement : result.statements) out.push_back(statement.status);
  return out;
}

const std::vector<ObjectId> kIds = {*ObjectId::parse("65a1b2c3d4e5f60718293a40"),
                                    *ObjectId::parse("65a1b2c3d4e5f60718293a41"),
                                    *ObjectId::parse("65a1b2c3d4e5f60718293a42"),
                                    *ObjectId::parse("65a1b2c3d4e5f60718293a43")};

TEST(BulkWriteReply, EveryStatementWritten) {
  const auto result = BulkWrite::read_reply(*json(R"({"n": 4, "nModified": 4, "ok": 1})").get(), 4, kIds);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(statuses(result), std::vector<Status>(4, Status::Written));
}

// MongoDB: each failing statement by its index, upserts by their statement's index.
TEST(BulkWriteReply, MongoDbReportsEachStatement) {
  const auto result = BulkWrite::read_reply(*json(R"({
      "n": 2, "nModified": 1,
      "upserted": [{"index": 3, "_id": {"$oid": "65a1b2c3d4e5f60718293a43"}}],
      "writeErrors": [{"index": 0, "code": 11000, "errmsg": "E11000 duplicate key"},
                      {"index": 2, "code": 2, "errmsg": "bad value"}],
      "ok": 1})").get(),
                                            4, kIds);
  ASSERT_TRUE(result.complete);
  EXPECT_EQ(statuses(result), (std::vector<Status>{Status::DuplicateKey, Status::Written, Status::Failed, Status::Upserted}));
  EXPECT_TRUE(MongoErrors::is_duplicate_key(result.statements[0].error));
  EXPECT_EQ(result.statements[2].error.code, 2u);
  EXPECT_STREQ(result.statements[2].error.message, "bad value");
}

// FerretDB numbers upserts among the upserts: the _id tells which statement it was.
TEST(BulkWriteReply, UpsertsAreMatchedByTheirId) {
  const auto result = BulkWrite::read_reply(*json(R"({
      "n": 4, "nModified": 2,
      "upserted": [{"index": 0, "_id": {"$oid": "65a1b2c3d4e5f60718293a41"}},
                   {"index": 1, "_id": {"$oid": "65a1b2c3d4e5f60718293a43"}}],
      "ok": 1})").get(),
                                            4, kIds);
  ASSERT_TRUE(result.complete);
  EXPECT_EQ(statuses(result), (std::vector<Status>{Status::Written, Status::Upserted, Status::Written, Status::Upserted}));
}

// FerretDB stops an update command at its first collision and reports it alone, without n.
TEST(BulkWriteReply, AReplyThatLeavesStatementsUnaccountedForIsIncomplete) {
  const auto result = BulkWrite::read_reply(
      *json(R"({"ok": 1, "writeErrors": [{"index": 0, "code": 11000, "errmsg": "E11000 duplicate key"}]})").get(), 4,
      kIds);
  EXPECT_FALSE(result.complete);
  EXPECT_TRUE(MongoErrors::is_duplicate_key(result.error));

  const auto short_count = BulkWrite::read_reply(*json(R"({"n": 3, "ok": 1})").get(), 4, kIds);
  EXPECT_FALSE(short_count.complete);
  EXPECT_EQ(MongoErrors::classify(short_count.error), domain::ErrorKind::Internal);
}

TEST(BulkWriteReply, InsertsReportDuplicatesByIndex) {
  const auto result = BulkWrite::read_reply(
      *json(R"({"n": 2, "writeErrors": [{"index": 1, "code": 11000, "errmsg": "E11000 duplicate key"}], "ok": 1})").get(),
      3, {});
  ASSERT_TRUE(result.complete);
  EXPECT_EQ(statuses(result), (std::vector<Status>{Status::Written, Status::DuplicateKey, Status::Written}));
}

}  // namespace
}  // namespace products::adapters::mongo
