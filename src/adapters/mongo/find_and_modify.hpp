#pragma once

#include <optional>

#include <mongoc/mongoc.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_operation.hpp"

namespace products::adapters::mongo {

// One findAndModify on the operation's collection, bounded by its deadline.
class FindAndModify {
 public:
  struct Result {
    bool duplicate_key = false;         // an upsert's insert collided with a stored _id
    std::optional<BsonDocument> value;  // the document before or after, as the flags asked
  };

  // Throws the operation's domain::Error for every failure but a duplicate key.
  static Result run(const MongoOperation& op, const BsonDocument& query, const BsonDocument& update,
                    mongoc_find_and_modify_flags_t flags);
};

}  // namespace products::adapters::mongo
