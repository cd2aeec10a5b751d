#include "adapters/mongo/regex_literal.hpp"

namespace products::adapters::mongo {

std::string escape_regex(std::string_view text) {
  // '-' and '#' are literal outside classes and extended mode, but escaping them is harmless in
  // both dialects and keeps the pattern literal should either ever apply.
  static constexpr std::string_view kMetacharacters = R"(\^$.|?*+()[]{}-#)";
  std::string out;
  out.reserve(text.size() * 2);
  for (const char c : text) {
    if (c == '\0') {
      out += "\\x00";
    } else {
      if (kMetacharacters.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace products::adapters::mongo
