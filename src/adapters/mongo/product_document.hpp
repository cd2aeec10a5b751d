#pragma once

#include <cstdint>
#include <optional>

#include <bson/bson.h>

#include "adapters/mongo/bson_document.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"

namespace products::adapters::mongo {

// The stored form of a product (SPEC §2 field names, `_id` for the id) plus the bookkeeping of
// versioned writes: `version` (issue time, µs) on every document, and tombstones
// `{_id, deleted: true, version, updatedAt}` for deleted products.
class ProductDocument {
 public:
  static constexpr const char* kId = "_id";
  static constexpr const char* kCategoryId = "categoryId";
  static constexpr const char* kName = "name";
  static constexpr const char* kDescription = "description";
  static constexpr const char* kPrice = "price";
  static constexpr const char* kImageUrl = "imageUrl";
  static constexpr const char* kPhotos = "photos";
  static constexpr const char* kQuantity = "quantity";
  static constexpr const char* kRating = "rating";
  static constexpr const char* kCreatedAt = "createdAt";
  static constexpr const char* kUpdatedAt = "updatedAt";
  static constexpr const char* kVersion = "version";
  static constexpr const char* kDeleted = "deleted";

  // What a tombstone or a versioned write needs to know about the stored document.
  struct State {
    bool deleted = false;
    std::int64_t version = 0;  // 0 for documents written without one (by the original service)
    std::optional<domain::Timestamp> created_at;  // a tombstone has none
  };

  // The update operators that write `product` at `version`: user fields, version and updatedAt
  // are set (imageUrl unset when there is none). createdAt only ever moves earlier ($min): a
  // product is as old as the first command issued for it, whichever command reached it first.
  static BsonDocument versioned_update(const domain::Product& product, std::int64_t version);
  // The document that versioned_update stores when it inserts: the same fields in the same order,
  // so that a product stored by an insert and one stored by an upsert are the same bytes.
  static BsonDocument versioned_document(const domain::Product& product, std::int64_t version);
  // The replacement that turns a product into a tombstone; updatedAt is derived from `version`
  // so that applying the same delete again writes the same document.
  static BsonDocument tombstone(std::int64_t version);

  static void append_id(bson_t* document, const char* key, const domain::ObjectId& id);
  static void append_date(bson_t* document, const char* key, domain::Timestamp at);

  // Throws domain::Error(Internal) naming the field when the document is not a product. Numbers
  // are accepted in any BSON numeric type, and null photos or imageUrl as absent, as the
  // original service's Go driver wrote them.
  static domain::Product from_bson(const bson_t& document);
  static State state_of(const bson_t& document);

 private:
  // The fields every versioned write sets, in the order they are stored.
  static void append_written_fields(bson_t* document, const domain::Product& product, std::int64_t version);
};

}  // namespace products::adapters::mongo
