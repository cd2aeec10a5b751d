#include "dlq/dead_letter_address.hpp"

#include <gtest/gtest.h>

namespace products::tools::dlq {
namespace {

TEST(DeadLetterAddressTest, ParsesPartitionAndOffsetOrOffsetAlone) {
  EXPECT_EQ(DeadLetterAddress::parse("2:41"), (DeadLetterAddress{2, 41}));
  EXPECT_EQ(DeadLetterAddress::parse("41"), (DeadLetterAddress{std::nullopt, 41}));
  EXPECT_EQ(DeadLetterAddress::parse("0:0"), (DeadLetterAddress{0, 0}));
}

TEST(DeadLetterAddressTest, RejectsAnythingElse) {
  for (const char* text : {"", ":", "2:", ":41", "-1:4", "2:-4", "a:1", "1:b", "1:2:3", "1.5", "99999999999:1", " 1"}) {
    EXPECT_FALSE(DeadLetterAddress::parse(text)) << text;
  }
}

TEST(DeadLetterAddressTest, PrintsAsParsed) {
  EXPECT_EQ((DeadLetterAddress{2, 41}).to_string(), "2:41");
  EXPECT_EQ((DeadLetterAddress{std::nullopt, 41}).to_string(), "41");
}

}  // namespace
}  // namespace products::tools::dlq
