#include "domain/timestamp.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace products::domain {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

Timestamp at(std::chrono::sys_days day, milliseconds since_midnight = 0ms) {
  return Timestamp(day) + since_midnight;
}

constexpr auto kDay = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22};

TEST(TimestampTest, FormatsUtcWithMillisecondsAndZ) {
  EXPECT_EQ(format_rfc3339(at(kDay, 10h + 0min + 0s + 123ms)), "2026-11-22T10:00:00.123Z");
}

TEST(TimestampTest, FormatsPadsEveryPart) {
  const auto day = std::chrono::sys_days{std::chrono::year{2024} / 1 / 2};
  EXPECT_EQ(format_rfc3339(at(day, 3h + 4min + 5s + 6ms)), "2024-01-02T03:04:05.006Z");
}

TEST(TimestampTest, FormatsTheEpoch) { EXPECT_EQ(format_rfc3339(Timestamp{}), "1970-01-01T00:00:00.000Z"); }

TEST(TimestampTest, FormatsALeapDay) {
  const auto day = std::chrono::sys_days{std::chrono::year{2024} / 2 / 29};
  EXPECT_EQ(format_rfc3339(at(day, 23h + 59min + 59s + 999ms)), "2024-02-29T23:59:59.999Z");
}

TEST(TimestampTest, ParsesZuluWithoutFraction) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00Z"), at(kDay, 10h));
}

TEST(TimestampTest, ParsesLowerCaseTAndZ) { EXPECT_EQ(parse_rfc3339("2026-11-22t10:00:00z"), at(kDay, 10h)); }

TEST(TimestampTest, ParsesFractionsOfAnyLength) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00.1Z"), at(kDay, 10h + 100ms));
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00.12Z"), at(kDay, 10h + 120ms));
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00.123Z"), at(kDay, 10h + 123ms));
  // Finer than milliseconds is cut, not rounded: a time never moves into the future.
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00.123999999Z"), at(kDay, 10h + 123ms));
}

TEST(TimestampTest, ParsesOffsetsIntoUtc) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T12:30:00+02:30"), at(kDay, 10h));
  EXPECT_EQ(parse_rfc3339("2026-11-22T05:00:00.250-05:00"), at(kDay, 10h + 250ms));
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00+00:00"), at(kDay, 10h));
  EXPECT_EQ(parse_rfc3339("2026-11-22T10:00:00-00:00"), at(kDay, 10h));
}

TEST(TimestampTest, OffsetsCanCrossMidnight) {
  // 01:00 at +03:00 is 22:00 the day before in UTC.
  EXPECT_EQ(parse_rfc3339("2026-11-23T01:00:00+03:00"), at(kDay, 22h));
  EXPECT_EQ(parse_rfc3339("2026-11-22T23:00:00-01:00"), at(kDay + std::chrono::days{1}));
}

TEST(TimestampTest, ParsesALeapDay) {
  const auto day = std::chrono::sys_days{std::chrono::year{2024} / 2 / 29};
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), at(day));
}

TEST(TimestampTest, RejectsMalformedText) {
  for (const std::string bad : {
           "",
           "2026-11-22",                       // date only
           "2026-11-22T10:00:00",              // no zone
           "2026-11-22T10:00Z",                // no seconds
           "2026-11-22 10:00:00Z",             // space instead of T
           "2026/11/22T10:00:00Z",             // wrong separators
           "2026-11-22T10.00.00Z",             //
           "26-11-22T10:00:00Z",               // two-digit year
           "2026-1-22T10:00:00Z",              // one-digit month
           "2026-11-22T10:00:00.Z",            // empty fraction
           "2026-11-22T10:00:00,5Z",           // comma fraction
           "2026-11-22T10:00:00ZZ",            // trailing garbage
           "2026-11-22T10:00:00Z ",            //
           " 2026-11-22T10:00:00Z",            //
           "2026-11-22T10:00:00+0200",         // offset without colon
           "2026-11-22T10:00:00+02",           // offset without minutes
           "2026-11-22T10:00:00+02:0",         //
           "2026-11-22T10:00:00+2:00",         //
           "2026-11-22T10:00:00+02:00Z",       // offset and Z
           "2026-11-22T10:00:00UTC",           //
           "+026-11-22T10:00:00Z",             // sign in the year
           "2026-+1-22T10:00:00Z",             // sign in the month
           "2026-11-22T-1:00:00Z",             // sign in the hour
           "abcd-ef-ghTij:kl:mnZ",
       }) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(TimestampTest, RejectsOutOfRangeParts) {
  for (const std::string bad : {
           "2026-13-01T00:00:00Z",       // month 13
           "2026-00-01T00:00:00Z",       // month 0
           "2026-11-31T00:00:00Z",       // November has 30 days
           "2026-11-00T00:00:00Z",       // day 0
           "2025-02-29T00:00:00Z",       // not a leap year
           "2026-11-22T24:00:00Z",       // hour 24
           "2026-11-22T10:60:00Z",       // minute 60
           "2026-11-22T10:00:61Z",       // second 61
           "2026-11-22T10:00:00+24:00",  // offset hour out of range
           "2026-11-22T10:00:00+02:60",  // offset minute out of range
           "2026-11-22T10:00:00-99:99",  //
       }) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(TimestampTest, FormatThenParseRoundTrips) {
  for (const auto t : {Timestamp{}, at(kDay, 10h + 123ms), at(kDay, 23h + 59min + 59s + 999ms),
                       Timestamp(milliseconds(1'700'000'000'001)), now_ms()}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << format_rfc3339(t);
  }
}

TEST(TimestampTest, ParseThenFormatNormalisesToUtcMilliseconds) {
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-11-22T12:30:00.5+02:30")), "2026-11-22T10:00:00.500Z");
}

TEST(TimestampTest, NowIsCurrentAndWholeMilliseconds) {
  const auto before = std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
  const auto now = now_ms();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace products::domain
