#include "adapters/mongo/regex_literal.hpp"

#include <string>

#include <gtest/gtest.h>

namespace products::adapters::mongo {
namespace {

struct Case {
  std::string text;
  std::string pattern;
};

class EscapeRegex : public ::testing::TestWithParam<Case> {};

TEST_P(EscapeRegex, MatchesTheTextLiterally) { EXPECT_EQ(escape_regex(GetParam().text), GetParam().pattern); }

INSTANTIATE_TEST_SUITE_P(
    Table, EscapeRegex,
    ::testing::Values(Case{"", ""}, Case{"phone", "phone"}, Case{"Ärger über ÖL", "Ärger über ÖL"},
                      Case{"a.c", R"(a\.c)"}, Case{".*", R"(\.\*)"}, Case{"(", R"(\()"},
                      Case{"$where", R"(\$where)"}, Case{"^anchored$", R"(\^anchored\$)"},
                      Case{"a|b", R"(a\|b)"}, Case{"x?+*", R"(x\?\+\*)"}, Case{"[a-z]{2,}", R"(\[a\-z\]\{2,\})"},
                      Case{R"(back\slash)", R"(back\\slash)"}, Case{"#comment", R"(\#comment)"},
                      Case{"(?i)", R"(\(\?i\))"}, Case{"{$ne: 1}", R"(\{\$ne: 1\})"},
                      Case{std::string("nul\0byte", 8), R"(nul\x00byte)"},
                      Case{"spaces and/slashes", "spaces and/slashes"}));

TEST(EscapeRegex, LeavesNoUnescapedMetacharacter) {
  const std::string all = R"(\^$.|?*+()[]{}-#)";
  const auto pattern = escape_regex(all);
  ASSERT_EQ(pattern.size(), all.size() * 2);
  for (std::size_t i = 0; i < pattern.size(); i += 2) EXPECT_EQ(pattern[i], '\\') << "at " << i;
}

}  // namespace
}  // namespace products::adapters::mongo
