#include "domain/idempotency_key.hpp"

#include <string>

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::domain {
namespace {

constexpr std::string_view kField = "Idempotency-Key";

// The problem the parse names for kField, or "" when it accepts the value.
std::string problem_with(std::string_view value) {
  try {
    IdempotencyKey::parse(value, kField);
    return {};
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    const auto found = e.fields().find(std::string(kField));
    return found == e.fields().end() ? std::string("(names another field)") : found->second;
  }
}

TEST(IdempotencyKeyTest, BareTokenIsTheKey) {
  EXPECT_EQ(IdempotencyKey::parse("8e03978e-40d5-43e8-bc93-6894a57f9324", kField).value(),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
}

TEST(IdempotencyKeyTest, StructuredFieldStringIsUnquoted) {
  EXPECT_EQ(IdempotencyKey::parse(R"("8e03978e-40d5")", kField).value(), "8e03978e-40d5");
  EXPECT_EQ(IdempotencyKey::parse(R"("a \"b\" \\ c")", kField).value(), R"(a "b" \ c)");
}

TEST(IdempotencyKeyTest, QuotedAndBareFormsOfOneKeyAreTheSameKey) {
  EXPECT_EQ(IdempotencyKey::parse(R"("order-17")", kField).value(), IdempotencyKey::parse("order-17", kField).value());
}

TEST(IdempotencyKeyTest, EmptyKeyIsRejectedNamingTheField) {
  EXPECT_EQ(problem_with(""), "must not be empty");
  EXPECT_EQ(problem_with(R"("")"), "must not be empty");
}

TEST(IdempotencyKeyTest, KeyOfAtMost255CharactersIsAccepted) {
  EXPECT_EQ(problem_with(std::string(255, 'k')), "");
  EXPECT_EQ(problem_with(std::string(256, 'k')), "must be at most 255 characters");
}

TEST(IdempotencyKeyTest, AnythingButPrintableAsciiIsRejected) {
  EXPECT_EQ(problem_with("tab\there"), "must be printable ASCII");
  EXPECT_EQ(problem_with("caf\xc3\xa9"), "must be printable ASCII");
  EXPECT_EQ(problem_with(std::string("nul\0x", 5)), "must be printable ASCII");
}

TEST(IdempotencyKeyTest, MalformedQuotedStringsAreRejected) {
  EXPECT_EQ(problem_with(R"("open)"), "opens a quoted string it does not close");
  EXPECT_EQ(problem_with(R"(")"), "opens a quoted string it does not close");
  EXPECT_EQ(problem_with(R"("a"b")"), R"(has an unescaped " inside its quotes)");
  EXPECT_EQ(problem_with(R"("a\nb")"), R"(has a backslash that escapes neither " nor \)");
  EXPECT_EQ(problem_with(R"("a\")"), R"(has a backslash that escapes neither " nor \)");
}

}  // namespace
}  // namespace products::domain
