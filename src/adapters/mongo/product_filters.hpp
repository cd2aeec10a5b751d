#pragma once

#include <cstdint>
#include <string>

#include "adapters/mongo/bson_document.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"

namespace products::adapters::mongo {

// The filters of the repository's reads and writes. Every point read and write has `_id`
// equality at its top level, which every MongoDB-wire server serves by its _id index; FerretDB
// 1.24 on SQLite pushes down nothing else, so point reads filter on `_id` alone and leave the
// rest to the caller.
class ProductFilters {
 public:
  // {_id}
  static BsonDocument by_id(const domain::ObjectId& id);
  // {_id, deleted != true}: the live product, whatever wrote it.
  static BsonDocument live(const domain::ObjectId& id);
  // {_id, deleted != true, version < v (or absent)}: a live product a write at `version` may replace.
  static BsonDocument replaceable(const domain::ObjectId& id, std::int64_t version);
  // {_id, $or: [{deleted != true}, {version < v (or absent)}]}: a live product, or an older tombstone.
  static BsonDocument removable(const domain::ObjectId& id, std::int64_t version);
  // {_id, deleted != true, createdAt > at}: a live product dated later than `at`.
  static BsonDocument created_after(const domain::ObjectId& id, domain::Timestamp at);
  // Live products whose name or description holds `text` literally, in any case; all of them
  // for an empty text.
  static BsonDocument containing(const std::string& text);
  // The search's order, newest first (createdAt desc, then _id desc), as a `sort` option.
  static void append_newest_first(bson_t* options);
};

}  // namespace products::adapters::mongo
