#include "adapters/mongo/product_document.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {

using domain::ObjectId;
using domain::Product;
using domain::Timestamp;

namespace {

void append_string(bson_t* document, const char* key, const std::string& value) {
  bson_append_utf8(document, key, -1, value.data(), static_cast<int>(value.size()));
}

[[noreturn]] void corrupt(const std::optional<ObjectId>& id, std::string_view field, std::string_view problem) {
  const auto message = fmt::format("stored product {}: field {} {}", id ? id->hex() : "without _id", field, problem);
  spdlog::error("mongodb: {}", message);
  throw domain::Error::internal(message);
}

// Reads one field of a product document, naming the field and the product in every complaint.
class FieldReader {
 public:
  FieldReader(const bson_iter_t& iter, const std::optional<ObjectId>& id) : iter_(iter), id_(id) {}

  [[noreturn]] void fail(std::string_view problem) const { corrupt(id_, bson_iter_key(&iter_), problem); }

  ObjectId object_id() const {
    if (!BSON_ITER_HOLDS_OID(&iter_)) fail("is not an ObjectId");
    ObjectId::Bytes bytes;
    std::memcpy(bytes.data(), bson_iter_oid(&iter_)->bytes, bytes.size());
    return ObjectId(bytes);
  }

  std::string string() const {
    if (!BSON_ITER_HOLDS_UTF8(&iter_)) fail("is not a string");
    std::uint32_t length = 0;
    const char* text = bson_iter_utf8(&iter_, &length);
    return std::string(text, length);
  }

  std::optional<std::string> optional_string() const {
    if (BSON_ITER_HOLDS_NULL(&iter_)) return std::nullopt;
    auto text = string();
    if (text.empty()) return std::nullopt;
    return text;
  }

  double number() const {
    if (!BSON_ITER_HOLDS_NUMBER(&iter_)) fail("is not a number");
    return bson_iter_as_double(&iter_);
  }

  std::int64_t integer() const {
    if (!BSON_ITER_HOLDS_NUMBER(&iter_)) fail("is not a number");
    return bson_iter_as_int64(&iter_);
  }

  Timestamp date() const {
    if (!BSON_ITER_HOLDS_DATE_TIME(&iter_)) fail("is not a date");
    return Timestamp(std::chrono::milliseconds(bson_iter_date_time(&iter_)));
  }

  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    if (BSON_ITER_HOLDS_NULL(&iter_)) return out;
    bson_iter_t item;
    if (!BSON_ITER_HOLDS_ARRAY(&iter_) || !bson_iter_recurse(&iter_, &item)) fail("is not an array");
    while (bson_iter_next(&item)) {
      if (!BSON_ITER_HOLDS_UTF8(&item)) fail("holds something other than strings");
      std::uint32_t length = 0;
      const char* text = bson_iter_utf8(&item, &length);
      out.emplace_back(text, length);
    }
    return out;
  }

 private:
  const bson_iter_t& iter_;
  const std::optional<ObjectId>& id_;
};

}  // namespace

void ProductDocument::append_id(bson_t* document, const char* key, const ObjectId& id) {
  bson_oid_t oid;
  std::memcpy(oid.bytes, id.bytes().data(), sizeof oid.bytes);
  bson_append_oid(document, key, -1, &oid);
}

void ProductDocument::append_date(bson_t* document, const char* key, Timestamp at) {
  bson_append_date_time(document, key, -1, at.time_since_epoch().count());
}

void ProductDocument::append_written_fields(bson_t* document, const Product& product, std::int64_t version) {
  const auto& fields = product.fields;
  append_id(document, kCategoryId, fields.category_id);
  append_string(document, kName, fields.name);
  append_string(document, kDescription, fields.description);
  bson_append_double(document, kPrice, -1, fields.price);
  if (fields.image_url) append_string(document, kImageUrl, *fields.image_url);
  bson_t photos;
  bson_append_array_begin(document, kPhotos, -1, &photos);
  for (std::size_t i = 0; i < fields.photos.size(); ++i) {
    append_string(&photos, std::to_string(i).c_str(), fields.photos[i]);
  }
  bson_append_array_end(document, &photos);
  bson_append_int64(document, kQuantity, -1, fields.quantity);
  bson_append_int64(document, kRating, -1, fields.rating);
  bson_append_int64(document, kVersion, -1, version);
  append_date(document, kUpdatedAt, product.updated_at);
}

BsonDocument ProductDocument::versioned_update(const Product& product, std::int64_t version) {
  BsonDocument update;
  bson_t set;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  append_written_fields(&set, product, version);
  bson_append_document_end(update.get(), &set);

  if (!product.fields.image_url) {
    bson_t unset;
    bson_append_document_begin(update.get(), "$unset", -1, &unset);
    bson_append_utf8(&unset, kImageUrl, -1, "", 0);
    bson_append_document_end(update.get(), &unset);
  }

  bson_t earliest;
  bson_append_document_begin(update.get(), "$min", -1, &earliest);
  append_date(&earliest, kCreatedAt, product.created_at);
  bson_append_document_end(update.get(), &earliest);
  return update;
}

// An upsert's insert takes _id from the filter, then the fields of every update operator in the
// lexicographic order of their names, as MongoDB (5.0 on) and FerretDB both apply them.
BsonDocument ProductDocument::versioned_document(const Product& product, std::int64_t version) {
  BsonDocument fields;
  append_written_fields(fields.get(), product, version);
  append_date(fields.get(), kCreatedAt, product.created_at);
  // Keys, not iterators, are sorted: libbson declares bson_iter_t 128-byte aligned, which a
  // std::vector's storage is not. The keys point into `fields`, which outlives them.
  std::vector<const char*> keys;
  bson_iter_t iter;
  bson_iter_init(&iter, fields.get());
  while (bson_iter_next(&iter)) keys.push_back(bson_iter_key(&iter));
  std::sort(keys.begin(), keys.end(), [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });

  BsonDocument document;
  append_id(document.get(), kId, product.id);
  for (const auto* key : keys) {
    if (bson_iter_init_find(&iter, fields.get(), key)) bson_append_iter(document.get(), key, -1, &iter);
  }
  return document;
}

BsonDocument ProductDocument::tombstone(std::int64_t version) {
  BsonDocument document;
  bson_append_bool(document.get(), kDeleted, -1, true);
  bson_append_int64(document.get(), kVersion, -1, version);
  append_date(document.get(), kUpdatedAt,
              std::chrono::floor<std::chrono::milliseconds>(Timestamp() + std::chrono::microseconds(version)));
  return document;
}

Product ProductDocument::from_bson(const bson_t& document) {
  Product product;
  auto& f = product.fields;
  std::optional<ObjectId> id;
  std::set<std::string_view> seen;
  bson_iter_t iter;
  if (!bson_iter_init(&iter, &document)) throw domain::Error::internal("stored product: malformed BSON");
  while (bson_iter_next(&iter)) {
    const FieldReader field(iter, id);
    const std::string_view key = bson_iter_key(&iter);
    seen.insert(key);
    if (key == kId) {
      id = field.object_id();
    } else if (key == kCategoryId) {
      f.category_id = field.object_id();
    } else if (key == kName) {
      f.name = field.string();
    } else if (key == kDescription) {
      f.description = field.string();
    } else if (key == kPrice) {
      f.price = field.number();
    } else if (key == kImageUrl) {
      f.image_url = field.optional_string();
    } else if (key == kPhotos) {
      f.photos = field.strings();
    } else if (key == kQuantity) {
      f.quantity = field.integer();
    } else if (key == kRating) {
      f.rating = field.integer();
    } else if (key == kCreatedAt) {
      product.created_at = field.date();
    } else if (key == kUpdatedAt) {
      product.updated_at = field.date();
    }
  }
  for (const char* required : {kId, kCategoryId, kName, kDescription, kPrice, kQuantity, kCreatedAt, kUpdatedAt}) {
    if (!seen.contains(required)) corrupt(id, required, "is missing");
  }
  product.id = *id;
  return product;
}

ProductDocument::State ProductDocument::state_of(const bson_t& document) {
  State state;
  bson_iter_t iter;
  if (bson_iter_init_find(&iter, &document, kDeleted)) state.deleted = bson_iter_as_bool(&iter);
  if (bson_iter_init_find(&iter, &document, kVersion) && BSON_ITER_HOLDS_NUMBER(&iter)) {
    state.version = bson_iter_as_int64(&iter);
  }
  if (bson_iter_init_find(&iter, &document, kCreatedAt) && BSON_ITER_HOLDS_DATE_TIME(&iter)) {
    state.created_at = Timestamp(std::chrono::milliseconds(bson_iter_date_time(&iter)));
  }
  return state;
}

}  // namespace products::adapters::mongo
