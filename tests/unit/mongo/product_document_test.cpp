#include "adapters/mongo/product_document.hpp"

#include <chrono>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ErrorKind;
using domain::ObjectId;
using domain::Product;
using domain::Timestamp;
using namespace std::chrono_literals;

Product sample(bool with_image = true) {
  Product product;
  product.id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  product.fields.category_id = *ObjectId::parse("0123456789abcdef01234567");
  product.fields.name = "Espresso machine «Ärger»";
  product.fields.description = "Makes coffee; $where and .* are just text";
  product.fields.price = 249.99;
  if (with_image) product.fields.image_url = "https://example.com/a.png";
  product.fields.photos = {"https://example.com/1.png", "https://example.com/2.png"};
  product.fields.quantity = 9'000'000'000;
  product.fields.rating = 7;
  product.created_at = Timestamp(1'700'000'000'123ms);
  product.updated_at = Timestamp(1'700'000'999'456ms);
  return product;
}

BsonDocument operator_body(const BsonDocument& update, const char* op) {
  bson_iter_t iter;
  if (!bson_iter_init_find(&iter, update.get(), op)) return BsonDocument();
  std::uint32_t length = 0;
  const std::uint8_t* data = nullptr;
  bson_iter_document(&iter, &length, &data);
  bson_t view;
  bson_init_static(&view, data, length);
  return BsonDocument::copy_of(view);
}

// What a server stores when the update inserts a new document: _id from the filter, then the
// fields of $set and $min (which a missing field takes as they are) in lexicographic order, as
// MongoDB 5.0 on and FerretDB apply update operators.
BsonDocument inserted_by(const BsonDocument& update, const ObjectId& id) {
  BsonDocument fields;
  bson_concat(fields.get(), operator_body(update, "$set").get());
  bson_concat(fields.get(), operator_body(update, "$min").get());
  // A std::set of keys: bson_iter_t is declared 128-byte aligned, which a container's storage is not.
  std::set<std::string> keys;
  bson_iter_t iter;
  bson_iter_init(&iter, fields.get());
  while (bson_iter_next(&iter)) keys.emplace(bson_iter_key(&iter));
  BsonDocument document;
  ProductDocument::append_id(document.get(), ProductDocument::kId, id);
  for (const auto& key : keys) {
    if (bson_iter_init_find(&iter, fields.get(), key.c_str())) bson_append_iter(document.get(), key.c_str(), -1, &iter);
  }
  return document;
}

std::int64_t int64_field(const BsonDocument& document, const char* key) {
  bson_iter_t iter;
  if (!bson_iter_init_find(&iter, document.get(), key) || !BSON_ITER_HOLDS_INT64(&iter)) return -1;
  return bson_iter_int64(&iter);
}

TEST(ProductDocument, VersionedUpdateRoundTrips) {
  for (const bool with_image : {true, false}) {
    const auto product = sample(with_image);
    const auto update = ProductDocument::versioned_update(product, 42);
    const auto stored = inserted_by(update, product.id);
    EXPECT_EQ(ProductDocument::from_bson(*stored.get()), product) << stored.json();
    EXPECT_EQ(int64_field(stored, ProductDocument::kVersion), 42);
  }
}

// A product inserted whole by a create and one inserted by an update's upsert are the same bytes.
TEST(ProductDocument, VersionedDocumentIsWhatTheUpsertInserts) {
  for (const bool with_image : {true, false}) {
    const auto product = sample(with_image);
    EXPECT_EQ(ProductDocument::versioned_document(product, 42).json(),
              inserted_by(ProductDocument::versioned_update(product, 42), product.id).json());
  }
}

TEST(ProductDocument, VersionedUpdateOnlyMovesCreatedAtEarlier) {
  const auto update = ProductDocument::versioned_update(sample(), 1);
  EXPECT_FALSE(bson_has_field(operator_body(update, "$set").get(), ProductDocument::kCreatedAt));
  EXPECT_TRUE(bson_has_field(operator_body(update, "$min").get(), ProductDocument::kCreatedAt));
  EXPECT_TRUE(bson_has_field(operator_body(update, "$set").get(), ProductDocument::kUpdatedAt));
}

TEST(ProductDocument, VersionedUpdateUnsetsAMissingImage) {
  EXPECT_FALSE(bson_has_field(ProductDocument::versioned_update(sample(true), 1).get(), "$unset"));
  const auto update = ProductDocument::versioned_update(sample(false), 1);
  EXPECT_TRUE(bson_has_field(operator_body(update, "$unset").get(), ProductDocument::kImageUrl));
  EXPECT_FALSE(bson_has_field(operator_body(update, "$set").get(), ProductDocument::kImageUrl));
}

TEST(ProductDocument, TombstoneIsDeterministicForAVersion) {
  const auto tombstone = ProductDocument::tombstone(1'700'000'000'123'456);
  EXPECT_EQ(tombstone.json(), ProductDocument::tombstone(1'700'000'000'123'456).json());
  const auto state = ProductDocument::state_of(*tombstone.get());
  EXPECT_TRUE(state.deleted);
  EXPECT_EQ(state.version, 1'700'000'000'123'456);
  bson_iter_t iter;
  ASSERT_TRUE(bson_iter_init_find(&iter, tombstone.get(), ProductDocument::kUpdatedAt));
  EXPECT_EQ(bson_iter_date_time(&iter), 1'700'000'000'123);
}

TEST(ProductDocument, StateOfADocumentWithoutBookkeeping) {
  BsonDocument legacy;
  bson_append_utf8(legacy.get(), "name", -1, "old", -1);
  const auto state = ProductDocument::state_of(*legacy.get());
  EXPECT_FALSE(state.deleted);
  EXPECT_EQ(state.version, 0);
  EXPECT_EQ(state.created_at, std::nullopt);
}

TEST(ProductDocument, StateOfAProductCarriesItsCreationDate) {
  const auto product = sample();
  const auto state = ProductDocument::state_of(*ProductDocument::versioned_document(product, 42).get());
  EXPECT_FALSE(state.deleted);
  EXPECT_EQ(state.version, 42);
  EXPECT_EQ(state.created_at, product.created_at);
}

// What the original Go service stored: int32 numbers, null photos, an empty image URL, no version.
TEST(ProductDocument, ReadsDocumentsOfTheOriginalService) {
  const auto expected = sample(false);
  BsonDocument legacy;
  auto* d = legacy.get();
  ProductDocument::append_id(d, "_id", expected.id);
  ProductDocument::append_id(d, "categoryId", expected.fields.category_id);
  bson_append_utf8(d, "name", -1, expected.fields.name.c_str(), -1);
  bson_append_utf8(d, "description", -1, expected.fields.description.c_str(), -1);
  bson_append_int32(d, "price", -1, 250);
  bson_append_utf8(d, "imageUrl", -1, "", 0);
  bson_append_null(d, "photos", -1);
  bson_append_int32(d, "quantity", -1, 3);
  bson_append_int32(d, "rating", -1, 5);
  bson_append_date_time(d, "createdAt", -1, expected.created_at.time_since_epoch().count());
  bson_append_date_time(d, "updatedAt", -1, expected.updated_at.time_since_epoch().count());

  const auto product = ProductDocument::from_bson(*d);
  EXPECT_EQ(product.id, expected.id);
  EXPECT_EQ(product.fields.price, 250.0);
  EXPECT_FALSE(product.fields.image_url);
  EXPECT_TRUE(product.fields.photos.empty());
  EXPECT_EQ(product.fields.quantity, 3);
  EXPECT_EQ(product.fields.rating, 5);
  EXPECT_EQ(product.created_at, expected.created_at);
}

void expect_internal_naming(const BsonDocument& document, const std::string& field) {
  try {
    ProductDocument::from_bson(*document.get());
    ADD_FAILURE() << "accepted " << document.json();
  } catch (const domain::Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Internal);
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(ProductDocument, RejectsAMissingField) {
  const auto product = sample();
  auto stored = inserted_by(ProductDocument::versioned_update(product, 1), product.id);
  BsonDocument without_price;
  bson_copy_to_excluding_noinit(stored.get(), without_price.get(), ProductDocument::kPrice, nullptr);
  expect_internal_naming(without_price, "price");
}

TEST(ProductDocument, RejectsAFieldOfTheWrongType) {
  const auto product = sample();
  const auto stored = inserted_by(ProductDocument::versioned_update(product, 1), product.id);
  BsonDocument bad;
  bson_copy_to_excluding_noinit(stored.get(), bad.get(), ProductDocument::kName, nullptr);
  bson_append_int32(bad.get(), ProductDocument::kName, -1, 5);
  expect_internal_naming(bad, "name");

  BsonDocument bad_photo;
  bson_copy_to_excluding_noinit(stored.get(), bad_photo.get(), ProductDocument::kPhotos, nullptr);
  bson_t photos;
  bson_append_array_begin(bad_photo.get(), ProductDocument::kPhotos, -1, &photos);
  bson_append_int32(&photos, "0", -1, 1);
  bson_append_array_end(bad_photo.get(), &photos);
  expect_internal_naming(bad_photo, "photos");
}

TEST(ProductDocument, RejectsATombstoneAsAProduct) {
  expect_internal_naming(ProductDocument::tombstone(5), "_id");
}

}  // namespace
}  // namespace products::adapters::mongo
