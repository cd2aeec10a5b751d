#include "domain/product_validator.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::domain {
namespace {

using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::UnorderedElementsAre;
using products::testing::valid_draft;

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// A URL of exactly `bytes` bytes, so the 2048-byte limit can be probed on both sides.
std::string url_of_length(std::size_t bytes) {
  std::string url = "https://example.com/";
  url += std::string(bytes - url.size(), 'a');
  return url;
}

const std::string kE = "\xC3\xA9";              // é, 2 bytes
const std::string kSun = "\xE6\x97\xA5";        // 日, 3 bytes
const std::string kGrin = "\xF0\x9F\x98\x80";  // U+1F600, 4 bytes

FieldErrors errors_of(const ProductDraft& draft, FieldErrors prior = {}) {
  try {
    ProductValidator::validate(draft, std::move(prior));
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    return e.fields();
  }
  return {};
}

// One row: start from a valid draft, break (or stretch) one field, and say what must come out.
struct RuleCase {
  std::string label;
  std::function<void(ProductDraft&)> change;
  std::string field;    // empty: the draft must still be valid
  std::string problem;  // a piece of the message the client must see
};

std::ostream& operator<<(std::ostream& os, const RuleCase& c) { return os << c.label; }

class ProductValidatorRuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ProductValidatorRuleTest, AcceptsOrNamesTheField) {
  const auto& c = GetParam();
  auto draft = valid_draft();
  c.change(draft);
  if (c.field.empty()) {
    EXPECT_NO_THROW(ProductValidator::validate(draft));
    return;
  }
  try {
    ProductValidator::validate(draft);
    FAIL() << "expected " << c.field << " to be rejected";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    // Only the broken field is reported: the rest of the draft is valid.
    ASSERT_THAT(e.fields(), UnorderedElementsAre(Key(c.field)));
    EXPECT_THAT(e.fields().at(c.field), HasSubstr(c.problem));
    EXPECT_THAT(e.what(), HasSubstr(c.field));
  }
}

std::string label_of(const ::testing::TestParamInfo<RuleCase>& info) { return info.param.label; }

#define RULE(label, body, field, problem) RuleCase{label, [](ProductDraft& d) { body; }, field, problem}

INSTANTIATE_TEST_SUITE_P(
    CategoryId, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Missing", d.category_id.reset(), "categoryId", "is required"),
        RULE("Empty", d.category_id = "", "categoryId", "24-character hex"),
        RULE("TooShort", d.category_id = "5f1d7f1c2b3a4c5d6e7f809", "categoryId", "24-character hex"),
        RULE("TooLong", d.category_id = "5f1d7f1c2b3a4c5d6e7f80911", "categoryId", "24-character hex"),
        RULE("NonHexLetter", d.category_id = "5f1d7f1c2b3a4c5d6e7f809g", "categoryId", "24-character hex"),
        RULE("HexPrefix", d.category_id = "0x1d7f1c2b3a4c5d6e7f8091", "categoryId", "24-character hex"),
        RULE("InnerSpace", d.category_id = "5f1d7f1c2b3a c5d6e7f8091", "categoryId", "24-character hex"),
        RULE("UpperCaseAccepted", d.category_id = "5F1D7F1C2B3A4C5D6E7F8091", "", ""),
        RULE("MixedCaseAccepted", d.category_id = "5f1D7f1C2b3A4c5D6e7F8091", "", "")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Name, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Missing", d.name.reset(), "name", "is required"),
        RULE("Empty", d.name = "", "name", "must be 3-250 characters long, got 0"),
        RULE("TwoChars", d.name = "ab", "name", "got 2"),
        RULE("ThreeChars", d.name = "abc", "", ""),
        RULE("TwoFiftyChars", d.name = std::string(250, 'a'), "", ""),
        RULE("TwoFiftyOneChars", d.name = std::string(251, 'a'), "name", "got 251"),
        // Bytes are not characters: 2 two-byte code points are 4 bytes but still too short...
        RULE("TwoMultiByteTooShort", d.name = kE + kE, "name", "got 2"),
        RULE("ThreeTwoByte", d.name = repeat(kE, 3), "", ""),
        RULE("ThreeFourByte", d.name = repeat(kGrin, 3), "", ""),
        // ...and 250 of them fit although they are 500 to 1000 bytes.
        RULE("TwoFiftyTwoByte", d.name = repeat(kE, 250), "", ""),
        RULE("TwoFiftyThreeByte", d.name = repeat(kSun, 250), "", ""),
        RULE("TwoFiftyFourByte", d.name = repeat(kGrin, 250), "", ""),
        RULE("TwoFiftyOneTwoByte", d.name = repeat(kE, 251), "name", "got 251"),
        RULE("MixedWidths", d.name = "a" + kE + kSun + kGrin, "", ""),
        RULE("OverlongSlash", d.name = "ab\xC0\xAF", "name", "valid UTF-8"),
        RULE("OverlongThreeByte", d.name = "ab\xE0\x80\xAF", "name", "valid UTF-8"),
        RULE("OverlongFourByte", d.name = "ab\xF0\x80\x80\xAF", "name", "valid UTF-8"),
        RULE("TruncatedAtEnd", d.name = "abc\xC3", "name", "valid UTF-8"),
        RULE("TruncatedThreeByte", d.name = "abc\xE6\x97", "name", "valid UTF-8"),
        RULE("TruncatedInMiddle", d.name = "ab\xE6\x97" "cd", "name", "valid UTF-8"),
        RULE("LoneContinuation", d.name = "\x80" "abc", "name", "valid UTF-8"),
        RULE("HighSurrogate", d.name = "ab\xED\xA0\x80", "name", "valid UTF-8"),
        RULE("LowSurrogate", d.name = "ab\xED\xBF\xBF", "name", "valid UTF-8"),
        RULE("BeyondUnicode", d.name = "ab\xF4\x90\x80\x80", "name", "valid UTF-8"),
        RULE("FiveByteLead", d.name = "ab\xF8\x88\x80\x80\x80", "name", "valid UTF-8"),
        RULE("ByteFF", d.name = "abc\xFF", "name", "valid UTF-8"),
        RULE("Latin1NotUtf8", d.name = "caf\xE9", "name", "valid UTF-8")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Description, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Missing", d.description.reset(), "description", "is required"),
        RULE("TwoChars", d.description = "ab", "description", "must be 3-500 characters long, got 2"),
        RULE("ThreeChars", d.description = "abc", "", ""),
        RULE("FiveHundredChars", d.description = std::string(500, 'x'), "", ""),
        RULE("FiveHundredOneChars", d.description = std::string(501, 'x'), "description", "got 501"),
        RULE("FiveHundredFourByte", d.description = repeat(kGrin, 500), "", ""),
        RULE("FiveHundredOneTwoByte", d.description = repeat(kE, 501), "description", "got 501"),
        RULE("InvalidUtf8", d.description = "abc\xED\xA0\x80", "description", "valid UTF-8")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Price, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Missing", d.price.reset(), "price", "is required"),
        RULE("Zero", d.price = 0.0, "price", "greater than 0"),
        RULE("NegativeZero", d.price = -0.0, "price", "greater than 0"),
        RULE("Negative", d.price = -1.5, "price", "greater than 0"),
        RULE("NaN", d.price = std::numeric_limits<double>::quiet_NaN(), "price", "finite"),
        RULE("Infinity", d.price = std::numeric_limits<double>::infinity(), "price", "finite"),
        RULE("MinusInfinity", d.price = -std::numeric_limits<double>::infinity(), "price", "finite"),
        RULE("OneCent", d.price = 0.01, "", ""),
        RULE("SmallestPositive", d.price = std::numeric_limits<double>::denorm_min(), "", ""),
        RULE("Largest", d.price = std::numeric_limits<double>::max(), "", "")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    ImageUrl, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Absent", d.image_url.reset(), "", ""),
        RULE("EmptyIsAbsent", d.image_url = "", "", ""),
        RULE("Http", d.image_url = "http://example.com", "", ""),
        RULE("HttpsWithPortQueryFragment", d.image_url = "https://example.com:8443/a/b.png?x=1#top", "", ""),
        RULE("UpperCaseScheme", d.image_url = "HTTPS://EXAMPLE.COM/A.PNG", "", ""),
        RULE("UserInfo", d.image_url = "https://user:pw@example.com/a.png", "", ""),
        RULE("IpHost", d.image_url = "http://127.0.0.1:8080/a.png", "", ""),
        RULE("ExactlyMaxBytes", d.image_url = url_of_length(2048), "", ""),
        RULE("OneByteTooLong", d.image_url = url_of_length(2049), "imageUrl", "at most 2048 bytes"),
        RULE("Ftp", d.image_url = "ftp://example.com/a.png", "imageUrl", "absolute http or https URL"),
        RULE("Relative", d.image_url = "/images/a.png", "imageUrl", "absolute http or https URL"),
        RULE("NoScheme", d.image_url = "example.com/a.png", "imageUrl", "absolute http or https URL"),
        RULE("SchemeRelative", d.image_url = "//example.com/a.png", "imageUrl", "absolute http or https URL"),
        RULE("SchemeOnly", d.image_url = "http://", "imageUrl", "absolute http or https URL"),
        RULE("HttpsSchemeOnly", d.image_url = "https://", "imageUrl", "absolute http or https URL"),
        RULE("EmptyHostWithPath", d.image_url = "http:///a.png", "imageUrl", "absolute http or https URL"),
        RULE("PortWithoutHost", d.image_url = "http://:80/a.png", "imageUrl", "absolute http or https URL"),
        RULE("UserInfoWithoutHost", d.image_url = "http://user@/a.png", "imageUrl", "absolute http or https URL"),
        RULE("OneSlash", d.image_url = "http:/example.com", "imageUrl", "absolute http or https URL"),
        RULE("SpaceInHost", d.image_url = "http://exa mple.com", "imageUrl", "absolute http or https URL"),
        RULE("SpaceInPath", d.image_url = "http://example.com/a b.png", "imageUrl", "absolute http or https URL"),
        RULE("TrailingNewline", d.image_url = "http://example.com/a.png\n", "imageUrl", "absolute http"),
        RULE("Tab", d.image_url = "http://example.com/\ta.png", "imageUrl", "absolute http or https URL"),
        RULE("Javascript", d.image_url = "javascript:alert(1)", "imageUrl", "absolute http or https URL"),
        RULE("Data", d.image_url = "data:image/png;base64,AAAA", "imageUrl", "absolute http or https URL")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Photos, ProductValidatorRuleTest,
    ::testing::Values(
        RULE("Absent", d.photos.reset(), "", ""),
        RULE("Empty", d.photos = std::vector<std::string>{}, "", ""),
        RULE("Twenty", d.photos = std::vector<std::string>(20, "https://img.example.com/p.png"), "", ""),
        RULE("TwentyOne", d.photos = std::vector<std::string>(21, "https://img.example.com/p.png"), "photos",
             "at most 20 items, got 21"),
        RULE("FourthIsRelative",
             d.photos = (std::vector<std::string>{"https://a.example/1.png", "https://a.example/2.png",
                                                  "https://a.example/3.png", "4.png"}),
             "photos[3]", "absolute http or https URL"),
        RULE("FirstIsFtp", d.photos = std::vector<std::string>{"ftp://a.example/1.png"}, "photos[0]",
             "absolute http or https URL"),
        RULE("EmptyString", d.photos = std::vector<std::string>{""}, "photos[0]", "absolute http or https URL"),
        RULE("SecondTooLong",
             d.photos = (std::vector<std::string>{"https://a.example/1.png", url_of_length(2049)}), "photos[1]",
             "at most 2048 bytes")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Quantity, ProductValidatorRuleTest,
    ::testing::Values(RULE("Missing", d.quantity.reset(), "quantity", "is required"),
                      RULE("Zero", d.quantity = 0, "", ""),
                      RULE("Negative", d.quantity = -1, "quantity", "0 or more"),
                      RULE("Lowest", d.quantity = std::numeric_limits<std::int64_t>::min(), "quantity", "0 or more"),
                      RULE("Largest", d.quantity = std::numeric_limits<std::int64_t>::max(), "", "")),
    label_of);

INSTANTIATE_TEST_SUITE_P(
    Rating, ProductValidatorRuleTest,
    ::testing::Values(RULE("Absent", d.rating.reset(), "", ""),
                      RULE("Zero", d.rating = 0, "", ""),
                      RULE("Ten", d.rating = 10, "", ""),
                      RULE("MinusOne", d.rating = -1, "rating", "between 0 and 10"),
                      RULE("Eleven", d.rating = 11, "rating", "between 0 and 10"),
                      RULE("Lowest", d.rating = std::numeric_limits<std::int64_t>::min(), "rating",
                           "between 0 and 10")),
    label_of);

#undef RULE

TEST(ProductValidatorTest, ValidDraftBecomesTheFields) {
  const auto fields = ProductValidator::validate(valid_draft());
  EXPECT_EQ(fields, products::testing::valid_fields());
}

TEST(ProductValidatorTest, UpperCaseCategoryIdIsStoredAsTheSameId) {
  auto draft = valid_draft();
  draft.category_id = "5F1D7F1C2B3A4C5D6E7F8091";
  EXPECT_EQ(ProductValidator::validate(draft).category_id.hex(), "5f1d7f1c2b3a4c5d6e7f8091");
}

TEST(ProductValidatorTest, AbsentOptionalFieldsTakeTheirDefaults) {
  auto draft = valid_draft();
  draft.image_url.reset();
  draft.photos.reset();
  draft.rating.reset();
  const auto fields = ProductValidator::validate(draft);
  EXPECT_FALSE(fields.image_url.has_value());
  EXPECT_TRUE(fields.photos.empty());
  EXPECT_EQ(fields.rating, 0);
}

// Clients of the original send "" for no image; storing it would fail the URL rule on every read.
TEST(ProductValidatorTest, EmptyImageUrlIsStoredAsAbsent) {
  auto draft = valid_draft();
  draft.image_url = "";
  EXPECT_FALSE(ProductValidator::validate(draft).image_url.has_value());
}

TEST(ProductValidatorTest, EmptyDraftNamesEveryRequiredFieldAndNothingOptional) {
  EXPECT_THAT(errors_of(ProductDraft{}),
              UnorderedElementsAre(Key("categoryId"), Key("name"), Key("description"), Key("price"),
                                   Key("quantity")));
}

TEST(ProductValidatorTest, ReportsEveryBadFieldAtOnce) {
  ProductDraft draft;
  draft.category_id = "nope";
  draft.name = "x";
  draft.description = std::string(501, 'd');
  draft.price = -3;
  draft.image_url = "ftp://x";
  draft.photos = std::vector<std::string>{"https://ok.example/1.png", "bad", "also bad"};
  draft.quantity = -1;
  draft.rating = 42;
  try {
    ProductValidator::validate(draft);
    FAIL() << "expected a validation error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_THAT(e.fields(), UnorderedElementsAre(Key("categoryId"), Key("name"), Key("description"),
                                                 Key("price"), Key("imageUrl"), Key("photos[1]"),
                                                 Key("photos[2]"), Key("quantity"), Key("rating")));
    for (const auto& [field, problem] : e.fields()) {
      EXPECT_THAT(e.what(), HasSubstr(field));
      EXPECT_THAT(e.what(), HasSubstr(problem));
    }
  }
}

TEST(ProductValidatorTest, PriorProblemsAloneMakeAValidDraftFail) {
  EXPECT_THAT(errors_of(valid_draft(), {{"colour", "is not a known field"}}),
              UnorderedElementsAre(::testing::Pair("colour", "is not a known field")));
}

// A decoder that saw `"name": 5` knows more than "is required"; that message must survive.
TEST(ProductValidatorTest, PriorProblemForAFieldWinsOverTheRuleForIt) {
  auto draft = valid_draft();
  draft.name.reset();
  const auto errors = errors_of(draft, {{"name", "must be a string"}});
  EXPECT_THAT(errors, UnorderedElementsAre(::testing::Pair("name", "must be a string")));
}

TEST(ProductValidatorTest, PriorProblemsAreMergedWithRuleFailures) {
  auto draft = valid_draft();
  draft.price = 0;
  EXPECT_THAT(errors_of(draft, {{"colour", "is not a known field"}}),
              UnorderedElementsAre(Key("colour"), Key("price")));
}

struct Utf8Case {
  std::string label;
  std::string text;
  long expected;
};

std::ostream& operator<<(std::ostream& os, const Utf8Case& c) { return os << c.label; }

class Utf8LengthTest : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8LengthTest, CountsCodePointsOrRejects) {
  EXPECT_EQ(ProductValidator::utf8_length(GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    ProductValidator, Utf8LengthTest,
    ::testing::Values(Utf8Case{"Empty", "", 0}, Utf8Case{"Ascii", "hello", 5},
                      Utf8Case{"EmbeddedNul", std::string("a\0b", 3), 3},
                      Utf8Case{"TwoByte", kE, 1}, Utf8Case{"ThreeByte", kSun, 1}, Utf8Case{"FourByte", kGrin, 1},
                      Utf8Case{"Mixed", "a" + kE + kSun + kGrin + "z", 5},
                      Utf8Case{"LargestTwoByte", "\xDF\xBF", 1}, Utf8Case{"SmallestThreeByte", "\xE0\xA0\x80", 1},
                      Utf8Case{"LastBeforeSurrogates", "\xED\x9F\xBF", 1},
                      Utf8Case{"FirstAfterSurrogates", "\xEE\x80\x80", 1},
                      Utf8Case{"LargestCodePoint", "\xF4\x8F\xBF\xBF", 1},
                      Utf8Case{"OverlongNul", "\xC0\x80", -1}, Utf8Case{"OverlongC1", "\xC1\xBF", -1},
                      Utf8Case{"OverlongThreeByte", "\xE0\x9F\xBF", -1},
                      Utf8Case{"OverlongFourByte", "\xF0\x8F\xBF\xBF", -1},
                      Utf8Case{"Surrogate", "\xED\xA0\x80", -1}, Utf8Case{"BeyondMax", "\xF4\x90\x80\x80", -1},
                      Utf8Case{"LeadF5", "\xF5\x80\x80\x80", -1}, Utf8Case{"TruncatedTwo", "\xC3", -1},
                      Utf8Case{"TruncatedFour", "\xF0\x9F\x98", -1},
                      Utf8Case{"BadContinuation", "\xC3\x28", -1}, Utf8Case{"StrayContinuation", "a\xBF", -1}),
    [](const auto& info) { return info.param.label; });

}  // namespace
}  // namespace products::domain
