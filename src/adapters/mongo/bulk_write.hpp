#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <bson/bson.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "domain/object_id.hpp"

namespace products::adapters::mongo {

// One unordered insert or update command carrying the writes of many products, at most one write
// per product, and what became of each write.
//
// Servers differ in how much of that they tell. MongoDB reports each failing statement by index
// (writeErrors) and goes on with the others. FerretDB 1.24 does so for inserts, but stops an
// update command at its first failing statement and reports that one alone, at index 0; and it
// numbers `upserted` among the upserts rather than among the statements. So upserts are matched to
// their statement by _id, and a reply whose count (n) does not account for every statement leaves
// every statement's fate unknown.
class BulkWrite {
 public:
  // FerretDB 1.24 hangs, whole, when one update command carries more statements than its
  // PostgreSQL connection pool (50 by default): its update handler keeps each statement's
  // connection until the command ends. Its inserts take no connection per document.
  static constexpr std::size_t kMaxUpdates = 32;
  static constexpr std::size_t kMaxInserts = 256;

  struct Update {
    domain::ObjectId id;  // the _id the filter names
    BsonDocument filter;
    BsonDocument update;  // update operators, or a replacement document
  };

  enum class Status {
    Written,       // an inserted document, or an update that matched
    Upserted,      // an update that matched nothing and inserted
    DuplicateKey,  // the insert, or the update's insert, collided with a stored _id
    Failed,        // see error
  };

  struct Statement {
    Status status = Status::Written;
    bson_error_t error{};
  };

  struct Result {
    // False when the command failed, or its reply does not account for every statement: then no
    // statement's fate is known, and `error` says what failed.
    bool complete = true;
    bson_error_t error{};
    std::vector<Statement> statements;  // one per document or update, in order, when complete
  };

  static Result insert(const MongoOperation& op, std::span<const BsonDocument> documents);
  // Every update is an upsert.
  static Result update(const MongoOperation& op, std::span<const Update> updates);

  // What the reply of a command of `count` statements says of each; `upsert_ids` are the _ids of
  // an update command's statements, in order (none for an insert).
  static Result read_reply(const bson_t& reply, std::size_t count, std::span<const domain::ObjectId> upsert_ids);
};

}  // namespace products::adapters::mongo
