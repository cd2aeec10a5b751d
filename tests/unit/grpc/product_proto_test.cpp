#include "adapters/grpc/product_proto.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include "support/fakes/sample_product.hpp"
#include "unit/grpc/sample_requests.hpp"

namespace products::adapters::grpc {
namespace {

using namespace std::chrono_literals;

TEST(ProductProto, EmptyStringsAreAbsentAndNumbersArePresent) {
  const auto draft = ProductProto::draft(productsService::CreateReq{});
  EXPECT_FALSE(draft.category_id);
  EXPECT_FALSE(draft.name);
  EXPECT_FALSE(draft.description);
  EXPECT_FALSE(draft.image_url);
  EXPECT_EQ(draft.price, 0.0);
  EXPECT_EQ(draft.quantity, 0);
  EXPECT_EQ(draft.rating, 0);
}

TEST(ProductProto, UpdateRequestCarriesTheSameFields) {
  const auto request = testing::valid_update("65a1b2c3d4e5f60718293a4b");
  const auto draft = ProductProto::draft(request);
  const auto expected = testing::valid_draft();
  EXPECT_EQ(draft.category_id, expected.category_id);
  EXPECT_EQ(draft.name, expected.name);
  EXPECT_EQ(draft.description, expected.description);
  EXPECT_EQ(draft.price, expected.price);
  EXPECT_EQ(draft.image_url, expected.image_url);
  EXPECT_EQ(draft.photos, expected.photos);
  EXPECT_EQ(draft.quantity, expected.quantity);
  EXPECT_EQ(draft.rating, expected.rating);
}

TEST(ProductProto, FillsEveryField) {
  const auto product = testing::sample_product();
  productsService::Product out;
  ProductProto::fill(product, out);
  EXPECT_EQ(out.productid(), "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(out.categoryid(), "5f1d7f1c2b3a4c5d6e7f8091");
  EXPECT_EQ(out.name(), "Espresso cup");
  EXPECT_EQ(out.description(), "A small porcelain cup for espresso");
  EXPECT_EQ(out.price(), 12.5);
  EXPECT_EQ(out.imageurl(), "https://img.example.com/cup.png");
  ASSERT_EQ(out.photos_size(), 1);
  EXPECT_EQ(out.photos(0), "https://img.example.com/cup-1.png");
  EXPECT_EQ(out.quantity(), 7);
  EXPECT_EQ(out.rating(), 4);
  EXPECT_EQ(out.createdat().seconds(), 1'700'000'000);
  EXPECT_EQ(out.createdat().nanos(), 123'000'000);
  EXPECT_EQ(out.updatedat().seconds(), 1'700'000'500);
  EXPECT_EQ(out.updatedat().nanos(), 456'000'000);
}

TEST(ProductProto, AbsentImageUrlIsEmpty) {
  auto product = testing::sample_product();
  product.fields.image_url.reset();
  productsService::Product out;
  ProductProto::fill(product, out);
  EXPECT_EQ(out.imageurl(), "");
}

TEST(ProductProto, TimesBefore1970KeepNanosPositive) {
  google::protobuf::Timestamp out;
  ProductProto::fill(domain::Timestamp(-1500ms), out);
  EXPECT_EQ(out.seconds(), -2);
  EXPECT_EQ(out.nanos(), 500'000'000);
}

TEST(ProductProto, ProductIdMustBeAnObjectId) {
  EXPECT_EQ(ProductProto::product_id("65A1B2C3D4E5F60718293A4B").hex(), "65a1b2c3d4e5f60718293a4b");
  try {
    ProductProto::product_id("42");
    FAIL() << "expected InvalidArgument";
  } catch (const domain::Error& error) {
    EXPECT_EQ(error.kind(), domain::ErrorKind::InvalidArgument);
    EXPECT_STREQ(error.what(), "invalid input: productId must be a 24-character hex ObjectId");
  }
}

// Errors found before the validator runs (WireMessage) name fields as the contract does; a string
// field added to a request without a contract name would fail here rather than leak "ImageURL".
TEST(ProductProto, EveryRequestStringFieldHasAContractName) {
  for (const auto* type : {productsService::CreateReq::descriptor(), productsService::UpdateReq::descriptor(),
                           productsService::GetByIDReq::descriptor(), productsService::SearchReq::descriptor(),
                           productsService::DeleteReq::descriptor()}) {
    for (int i = 0; i < type->field_count(); ++i) {
      const auto* field = type->field(i);
      if (field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
      const auto name = ProductProto::contract_name(field->name());
      EXPECT_NE(name, field->name()) << type->name() << "." << field->name();
      EXPECT_TRUE(std::islower(static_cast<unsigned char>(name.front()))) << name;
    }
  }
  EXPECT_EQ(ProductProto::contract_name("ImageURL"), "imageUrl");
  EXPECT_EQ(ProductProto::contract_name("Unknown"), "Unknown");
}

}  // namespace
}  // namespace products::adapters::grpc
