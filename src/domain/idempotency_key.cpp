#include "domain/idempotency_key.hpp"

#include "domain/error.hpp"

namespace products::domain {

namespace {

bool printable(char c) noexcept { return c >= 0x20 && c <= 0x7e; }

[[noreturn]] void reject(std::string_view field, std::string problem) {
  throw Error::invalid_field(std::string(field), std::move(problem));
}

// RFC 8941 sf-string: DQUOTE *( unescaped / "\" DQUOTE / "\" "\" ) DQUOTE.
std::string unquote(std::string_view quoted, std::string_view field) {
  std::string out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\') {
      if (i + 2 >= quoted.size() || (quoted[i + 1] != '"' && quoted[i + 1] != '\\')) {
        reject(field, "has a backslash that escapes neither \" nor \\");
      }
      c = quoted[++i];
    } else if (c == '"') {
      reject(field, "has an unescaped \" inside its quotes");
    }
    out += c;
  }
  return out;
}

}  // namespace

IdempotencyKey IdempotencyKey::parse(std::string_view value, std::string_view field) {
  for (const char c : value) {
    if (!printable(c)) reject(field, "must be printable ASCII");
  }
  const bool quoted = !value.empty() && value.front() == '"';
  if (quoted && (value.size() < 2 || value.back() != '"')) reject(field, "opens a quoted string it does not close");
  auto key = quoted ? unquote(value, field) : std::string(value);
  if (key.empty()) reject(field, "must not be empty");
  if (key.size() > kMaxLength) reject(field, "must be at most 255 characters");
  return IdempotencyKey(std::move(key));
}

}  // namespace products::domain
