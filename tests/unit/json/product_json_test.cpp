#include "adapters/json/product_json.hpp"

#include <limits>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "domain/timestamp.hpp"

namespace products::adapters::json {
namespace {

namespace bj = boost::json;
using domain::Error;
using domain::ErrorKind;
using domain::FieldErrors;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr std::string_view kCategory = "5f1d7f1c2b3a4c5d6e7f8091";

// A complete, valid client body; `extra` is spliced in as more members (or replacements: with
// Boost.JSON the last duplicate wins, which is what lets one field be overridden here).
std::string body(std::string_view extra = "") {
  std::string out = fmt::format(
      R"({{"categoryId":"{}","name":"Espresso cup","description":"A small porcelain cup",)"
      R"("price":12.5,"imageUrl":"https://img.example.com/cup.png",)"
      R"("photos":["https://img.example.com/1.png","https://img.example.com/2.png"],)"
      R"("quantity":7,"rating":4)",
      kCategory);
  if (!extra.empty()) out += fmt::format(",{}", extra);
  return out + "}";
}

FieldErrors decode_errors(std::string_view text) {
  try {
    ProductJson::decode_fields(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    return e.fields();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

FieldErrors decode_product_errors(std::string_view text) {
  try {
    ProductJson::decode_product(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    return e.fields();
  }
  ADD_FAILURE() << "accepted: " << text;
  return {};
}

domain::Product sample_product() {
  domain::Product p;
  p.id = *domain::ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  p.fields.category_id = *domain::ObjectId::parse(kCategory);
  p.fields.name = "Espresso cup";
  p.fields.description = "A small porcelain cup";
  p.fields.price = 12.5;
  p.fields.image_url = "https://img.example.com/cup.png";
  p.fields.photos = {"https://img.example.com/1.png", "https://img.example.com/2.png"};
  p.fields.quantity = 7;
  p.fields.rating = 4;
  p.created_at = domain::Timestamp(std::chrono::milliseconds(1'700'000'000'123));
  p.updated_at = domain::Timestamp(std::chrono::milliseconds(1'700'000'500'456));
  return p;
}

// ---- decode_fields ----

TEST(ProductJsonDecodeFieldsTest, ValidBodyBecomesTheFields) {
  const auto fields = ProductJson::decode_fields(body());
  EXPECT_EQ(fields.category_id.hex(), kCategory);
  EXPECT_EQ(fields.name, "Espresso cup");
  EXPECT_EQ(fields.description, "A small porcelain cup");
  EXPECT_DOUBLE_EQ(fields.price, 12.5);
  EXPECT_EQ(fields.image_url, "https://img.example.com/cup.png");
  EXPECT_THAT(fields.photos, ::testing::ElementsAre("https://img.example.com/1.png", "https://img.example.com/2.png"));
  EXPECT_EQ(fields.quantity, 7);
  EXPECT_EQ(fields.rating, 4);
}

TEST(ProductJsonDecodeFieldsTest, OnlyRequiredFieldsIsEnough) {
  const auto fields = ProductJson::decode_fields(fmt::format(
      R"({{"categoryId":"{}","name":"Cup","description":"Mug","price":1,"quantity":0}})", kCategory));
  EXPECT_EQ(fields.name, "Cup");
  EXPECT_DOUBLE_EQ(fields.price, 1.0);
  EXPECT_FALSE(fields.image_url.has_value());
  EXPECT_TRUE(fields.photos.empty());
  EXPECT_EQ(fields.rating, 0);
}

TEST(ProductJsonDecodeFieldsTest, WhitespaceAroundTheBodyIsFine) {
  EXPECT_NO_THROW(ProductJson::decode_fields(" \n\t" + body() + "\r\n "));
}

TEST(ProductJsonDecodeFieldsTest, BadJsonIsReportedAsTheBody) {
  for (const std::string& bad : std::vector<std::string>{"", "   ", "{", "}", R"({"name":})", R"({"name":"x",})", "not json",
                                R"({'name':'x'})", body() + " trailing", body() + "{}", R"({"name":"x")",
                                // Raw invalid UTF-8 inside a string, and an escaped lone surrogate.
                                "{\"name\":\"ab\xff\"}", R"({"name":"\ud800abc"})"}) {
    const auto errors = decode_errors(bad);
    EXPECT_THAT(errors, UnorderedElementsAre(Key("body"))) << "'" << bad << "'";
    if (errors.contains("body")) {
      EXPECT_THAT(errors.at("body"), HasSubstr("is not valid JSON")) << "'" << bad << "'";
    }
  }
}

TEST(ProductJsonDecodeFieldsTest, NonObjectIsReportedAsTheBody) {
  for (const std::string& bad : std::vector<std::string>{"[]", "[" + body() + "]", R"("a string")", "42", "null", "true"}) {
    EXPECT_THAT(decode_errors(bad), UnorderedElementsAre(Pair("body", "must be a JSON object"))) << bad;
  }
}

TEST(ProductJsonDecodeFieldsTest, BadJsonMessageNamesTheBody) {
  try {
    ProductJson::decode_fields("{");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("body"));
  }
}

TEST(ProductJsonDecodeFieldsTest, UnknownFieldIsNamed) {
  EXPECT_THAT(decode_errors(body(R"("colour":"red")")),
              UnorderedElementsAre(Pair("colour", "is not a known field")));
}

TEST(ProductJsonDecodeFieldsTest, FieldNamesAreCaseSensitive) {
  EXPECT_THAT(decode_errors(body(R"("Name":"Espresso cup","image_url":"https://a.example/x.png")")),
              UnorderedElementsAre(Key("Name"), Key("image_url")));
}

TEST(ProductJsonDecodeFieldsTest, EveryUnknownFieldIsNamed) {
  EXPECT_THAT(decode_errors(body(R"("colour":"red","size":3,"tags":[])")),
              UnorderedElementsAre(Key("colour"), Key("size"), Key("tags")));
}

// Bodies written for the original service carry these; they must keep working.
TEST(ProductJsonDecodeFieldsTest, ServerFieldsAreIgnored) {
  const auto plain = ProductJson::decode_fields(body());
  EXPECT_EQ(ProductJson::decode_fields(body(R"("productId":"65a1b2c3d4e5f60718293a4b",)"
                                            R"("createdAt":"2020-01-01T00:00:00Z","updatedAt":"2020-01-01T00:00:00Z")")),
            plain);
}

TEST(ProductJsonDecodeFieldsTest, ServerFieldsAreIgnoredWhateverTheyHold) {
  EXPECT_NO_THROW(ProductJson::decode_fields(body(R"("productId":123,"createdAt":null,"updatedAt":{"a":1})")));
  EXPECT_NO_THROW(ProductJson::decode_fields(body(R"("productId":"not an id","createdAt":"yesterday")")));
}

struct TypeCase {
  std::string label;
  std::string member;  // replaces one member of the valid body
  std::string field;
  std::string problem;
};

std::ostream& operator<<(std::ostream& os, const TypeCase& c) { return os << c.label; }

class ProductJsonTypeTest : public ::testing::TestWithParam<TypeCase> {};

TEST_P(ProductJsonTypeTest, WrongTypeIsNamedWithWhatWasExpected) {
  const auto& c = GetParam();
  const auto errors = decode_errors(body(c.member));
  EXPECT_THAT(errors, UnorderedElementsAre(Pair(c.field, c.problem))) << c.member;
}

INSTANTIATE_TEST_SUITE_P(
    ProductJson, ProductJsonTypeTest,
    ::testing::Values(
        TypeCase{"CategoryIdNumber", R"("categoryId":5)", "categoryId", "must be a string"},
        TypeCase{"CategoryIdObject", R"("categoryId":{"$oid":"5f1d7f1c2b3a4c5d6e7f8091"})", "categoryId",
                 "must be a string"},
        TypeCase{"NameBool", R"("name":true)", "name", "must be a string"},
        TypeCase{"NameNumber", R"("name":12345)", "name", "must be a string"},
        TypeCase{"DescriptionArray", R"("description":["a","b","c"])", "description", "must be a string"},
        TypeCase{"PriceString", R"("price":"12.5")", "price", "must be a number"},
        TypeCase{"PriceBool", R"("price":true)", "price", "must be a number"},
        TypeCase{"PriceArray", R"("price":[1])", "price", "must be a number"},
        TypeCase{"ImageUrlNumber", R"("imageUrl":5)", "imageUrl", "must be a string"},
        TypeCase{"ImageUrlArray", R"("imageUrl":["https://a.example/x.png"])", "imageUrl", "must be a string"},
        TypeCase{"PhotosString", R"("photos":"https://a.example/x.png")", "photos", "must be an array of strings"},
        TypeCase{"PhotosObject", R"("photos":{"0":"https://a.example/x.png"})", "photos",
                 "must be an array of strings"},
        TypeCase{"PhotosWithNumber", R"("photos":["https://a.example/x.png",1])", "photos",
                 "must be an array of strings"},
        TypeCase{"PhotosWithNull", R"("photos":[null])", "photos", "must be an array of strings"},
        TypeCase{"PhotosNested", R"("photos":[["https://a.example/x.png"]])", "photos",
                 "must be an array of strings"},
        TypeCase{"QuantityString", R"("quantity":"7")", "quantity", "must be an integer"},
        TypeCase{"QuantityFraction", R"("quantity":5.5)", "quantity", "must be an integer"},
        // The original (Go, int field) refused 5.0 as well; a fraction part means a float.
        TypeCase{"QuantityWholeFloat", R"("quantity":5.0)", "quantity", "must be an integer"},
        TypeCase{"QuantityExponent", R"("quantity":1e3)", "quantity", "must be an integer"},
        TypeCase{"QuantityPastInt64", R"("quantity":9223372036854775808)", "quantity", "must be an integer"},
        TypeCase{"QuantityBool", R"("quantity":false)", "quantity", "must be an integer"},
        TypeCase{"RatingFraction", R"("rating":4.5)", "rating", "must be an integer"},
        TypeCase{"RatingString", R"("rating":"4")", "rating", "must be an integer"}),
    [](const auto& info) { return info.param.label; });

TEST(ProductJsonDecodeFieldsTest, NullImageUrlIsAbsent) {
  EXPECT_FALSE(ProductJson::decode_fields(body(R"("imageUrl":null)")).image_url.has_value());
}

TEST(ProductJsonDecodeFieldsTest, NullOptionalFieldsAreAbsent) {
  const auto fields = ProductJson::decode_fields(body(R"("photos":null,"rating":null)"));
  EXPECT_TRUE(fields.photos.empty());
  EXPECT_EQ(fields.rating, 0);
}

TEST(ProductJsonDecodeFieldsTest, NullRequiredFieldsAreMissing) {
  EXPECT_THAT(decode_errors(body(R"("name":null,"price":null,"quantity":null,"categoryId":null)")),
              UnorderedElementsAre(Pair("name", "is required"), Pair("price", "is required"),
                                   Pair("quantity", "is required"), Pair("categoryId", "is required")));
}

TEST(ProductJsonDecodeFieldsTest, EmptyObjectNamesEveryRequiredField) {
  EXPECT_THAT(decode_errors("{}"), UnorderedElementsAre(Key("categoryId"), Key("name"), Key("description"),
                                                        Key("price"), Key("quantity")));
}

TEST(ProductJsonDecodeFieldsTest, IntegerPriceIsANumber) {
  EXPECT_DOUBLE_EQ(ProductJson::decode_fields(body(R"("price":12)")).price, 12.0);
  EXPECT_DOUBLE_EQ(ProductJson::decode_fields(body(R"("price":18446744073709551615)")).price, 18446744073709551615.0);
}

TEST(ProductJsonDecodeFieldsTest, PriceTooLargeForADoubleIsRejected) {
  // The parser turns 1e400 into infinity; the finite rule must catch it.
  EXPECT_THAT(decode_errors(body(R"("price":1e400)")), UnorderedElementsAre(Key("price")));
}

TEST(ProductJsonDecodeFieldsTest, NegativeZeroQuantityIsZero) {
  EXPECT_EQ(ProductJson::decode_fields(body(R"("quantity":-0)")).quantity, 0);
}

TEST(ProductJsonDecodeFieldsTest, EscapedUnicodeCountsAsCodePoints) {
  // Three escaped code points (é, U+1F600 as a surrogate pair, 日) are three characters.
  const auto fields = ProductJson::decode_fields(body(R"("name":"\u00e9\ud83d\ude00\u65e5")"));
  EXPECT_EQ(fields.name, "\xC3\xA9\xF0\x9F\x98\x80\xE6\x97\xA5");
  EXPECT_THAT(decode_errors(body(R"("name":"\u00e9\ud83d\ude00")")), UnorderedElementsAre(Key("name")));
}

TEST(ProductJsonDecodeFieldsTest, ValidationFailuresAreMergedWithTypeErrors) {
  const auto errors = decode_errors(
      body(R"("name":5,"price":-1,"quantity":2.5,"photos":["https://a.example/1.png","relative.png"],)"
           R"("rating":11,"colour":"red")"));
  EXPECT_THAT(errors, UnorderedElementsAre(Pair("name", "must be a string"), Key("price"),
                                           Pair("quantity", "must be an integer"), Key("photos[1]"),
                                           Key("rating"), Pair("colour", "is not a known field")));
}

TEST(ProductJsonDecodeFieldsTest, MergedErrorMessageNamesEveryField) {
  try {
    ProductJson::decode_fields(R"({"name":5,"colour":"red"})");
    FAIL();
  } catch (const Error& e) {
    for (const auto* field : {"name", "colour", "categoryId", "description", "price", "quantity"}) {
      EXPECT_THAT(e.what(), HasSubstr(field));
    }
  }
}

// ---- decode_product ----

TEST(ProductJsonDecodeProductTest, EncodeThenDecodeIsTheSameProduct) {
  const auto product = sample_product();
  EXPECT_EQ(ProductJson::decode_product(ProductJson::encode(product)), product);
}

TEST(ProductJsonDecodeProductTest, RoundTripKeepsAwkwardValues) {
  auto product = sample_product();
  product.fields.name = "Caf\xC3\xA9 \"quoted\" \\ back\xF0\x9F\x98\x80";
  product.fields.description = "line one\nline two\ttabbed \x01 control </script>";
  product.fields.price = 0.1 + 0.2;  // 0.30000000000000004: the shortest form must survive
  product.fields.image_url.reset();
  product.fields.photos.clear();
  product.fields.quantity = std::numeric_limits<std::int64_t>::max();
  product.fields.rating = 0;
  product.created_at = domain::Timestamp{};
  EXPECT_EQ(ProductJson::decode_product(ProductJson::encode(product)), product);
}

TEST(ProductJsonDecodeProductTest, RoundTripWithTwentyPhotos) {
  auto product = sample_product();
  product.fields.photos.clear();
  for (int i = 0; i < 20; ++i) product.fields.photos.push_back(fmt::format("https://img.example.com/{}.png", i));
  EXPECT_EQ(ProductJson::decode_product(ProductJson::encode(product)), product);
}

TEST(ProductJsonDecodeProductTest, RequiresProductIdAndTimes) {
  EXPECT_THAT(decode_product_errors(body()),
              UnorderedElementsAre(Pair("productId", "must be a 24-character hex ObjectId"),
                                   Pair("createdAt", "must be an RFC 3339 timestamp"),
                                   Pair("updatedAt", "must be an RFC 3339 timestamp")));
}

TEST(ProductJsonDecodeProductTest, RejectsMalformedProductIdAndTimes) {
  EXPECT_THAT(decode_product_errors(body(R"("productId":"xyz","createdAt":"2024-13-01T00:00:00Z",)"
                                         R"("updatedAt":1700000000)")),
              UnorderedElementsAre(Key("productId"), Key("createdAt"), Key("updatedAt")));
  EXPECT_THAT(decode_product_errors(body(R"("productId":12,"createdAt":"2024-01-01T00:00:00Z",)"
                                         R"("updatedAt":"2024-01-01T00:00:00Z")")),
              UnorderedElementsAre(Key("productId")));
}

TEST(ProductJsonDecodeProductTest, AcceptsAnyRfc3339Form) {
  const auto product = ProductJson::decode_product(
      body(R"("productId":"65A1B2C3D4E5F60718293A4B","createdAt":"2024-01-01T02:00:00+02:00",)"
           R"("updatedAt":"2024-01-01T00:00:00.5Z")"));
  EXPECT_EQ(product.id.hex(), "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(domain::format_rfc3339(product.created_at), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(domain::format_rfc3339(product.updated_at), "2024-01-01T00:00:00.500Z");
}

TEST(ProductJsonDecodeProductTest, ValidatesTheUserFieldsToo) {
  const auto wrapped = body(R"("productId":"65a1b2c3d4e5f60718293a4b","createdAt":"2024-01-01T00:00:00Z",)"
                            R"("updatedAt":"2024-01-01T00:00:00Z","price":0,"colour":"red")");
  EXPECT_THAT(decode_product_errors(wrapped), UnorderedElementsAre(Key("price"), Key("colour")));
}

TEST(ProductJsonDecodeProductTest, BadJsonIsTheBody) {
  EXPECT_THAT(decode_product_errors("{"), UnorderedElementsAre(Key("body")));
  EXPECT_THAT(decode_product_errors("[]"), UnorderedElementsAre(Pair("body", "must be a JSON object")));
}

// ---- encode ----

TEST(ProductJsonEncodeTest, ProductHasTheContractsFieldNamesAndValues) {
  const auto value = bj::parse(ProductJson::encode(sample_product()));
  const auto& o = value.as_object();
  EXPECT_EQ(o.size(), 11u);
  EXPECT_EQ(o.at("productId").as_string(), "65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(o.at("categoryId").as_string(), kCategory);
  EXPECT_EQ(o.at("name").as_string(), "Espresso cup");
  EXPECT_EQ(o.at("description").as_string(), "A small porcelain cup");
  EXPECT_DOUBLE_EQ(o.at("price").to_number<double>(), 12.5);
  EXPECT_EQ(o.at("imageUrl").as_string(), "https://img.example.com/cup.png");
  ASSERT_TRUE(o.at("photos").is_array());
  EXPECT_EQ(o.at("photos").as_array().size(), 2u);
  EXPECT_EQ(o.at("photos").as_array()[1].as_string(), "https://img.example.com/2.png");
  EXPECT_EQ(o.at("quantity").as_int64(), 7);
  EXPECT_EQ(o.at("rating").as_int64(), 4);
  EXPECT_EQ(o.at("createdAt").as_string(), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(o.at("updatedAt").as_string(), "2023-11-14T22:21:40.456Z");
}

TEST(ProductJsonEncodeTest, AbsentImageUrlIsLeftOutAndNoPhotosIsAnEmptyArray) {
  auto product = sample_product();
  product.fields.image_url.reset();
  product.fields.photos.clear();
  const auto value = bj::parse(ProductJson::encode(product));
  EXPECT_FALSE(value.as_object().contains("imageUrl"));
  ASSERT_TRUE(value.as_object().at("photos").is_array());
  EXPECT_TRUE(value.as_object().at("photos").as_array().empty());
}

TEST(ProductJsonEncodeTest, EncodedProductIsAValidClientBodyForTheSameFields) {
  // A client may GET a product and PUT it back unchanged.
  const auto product = sample_product();
  EXPECT_EQ(ProductJson::decode_fields(ProductJson::encode(product)), product.fields);
}

TEST(ProductJsonEncodeTest, SearchPageHasTheContractsFields) {
  domain::SearchPage page;
  page.total_count = 21;
  page.page = 2;
  page.size = 10;
  page.products = {sample_product(), sample_product()};
  page.products[1].id = *domain::ObjectId::parse("0123456789abcdef01234567");

  const auto value = bj::parse(ProductJson::encode(page));
  const auto& o = value.as_object();
  EXPECT_EQ(o.size(), 6u);
  EXPECT_EQ(o.at("totalCount").as_int64(), 21);
  EXPECT_EQ(o.at("totalPages").as_int64(), 3);
  EXPECT_EQ(o.at("page").as_int64(), 2);
  EXPECT_EQ(o.at("size").as_int64(), 10);
  EXPECT_EQ(o.at("hasMore").as_bool(), true);
  const auto& products = o.at("products").as_array();
  ASSERT_EQ(products.size(), 2u);
  EXPECT_EQ(ProductJson::decode_product(bj::serialize(products[0])), page.products[0]);
  EXPECT_EQ(ProductJson::decode_product(bj::serialize(products[1])), page.products[1]);
}

TEST(ProductJsonEncodeTest, LastSearchPageHasNoMore) {
  domain::SearchPage page;
  page.total_count = 21;
  page.page = 3;
  page.size = 10;
  page.products = {sample_product()};
  const auto o = bj::parse(ProductJson::encode(page)).as_object();
  EXPECT_EQ(o.at("totalPages").as_int64(), 3);
  EXPECT_EQ(o.at("hasMore").as_bool(), false);
}

TEST(ProductJsonEncodeTest, EmptySearchPageHasAnEmptyProductsArray) {
  domain::SearchPage page;
  const auto o = bj::parse(ProductJson::encode(page)).as_object();
  EXPECT_EQ(o.at("totalCount").as_int64(), 0);
  EXPECT_EQ(o.at("totalPages").as_int64(), 0);
  EXPECT_EQ(o.at("page").as_int64(), 1);
  EXPECT_EQ(o.at("size").as_int64(), 10);
  EXPECT_EQ(o.at("hasMore").as_bool(), false);
  ASSERT_TRUE(o.at("products").is_array());
  EXPECT_TRUE(o.at("products").as_array().empty());
}

}  // namespace
}  // namespace products::adapters::json
