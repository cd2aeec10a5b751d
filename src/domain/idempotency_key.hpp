#pragma once

#include <string>
#include <string_view>

namespace products::domain {

// A client's name for one create, so that retrying it cannot create twice (the IETF httpapi
// Idempotency-Key draft). The draft's value is a structured-field string ("..."); a bare token, as
// most clients send it, is the same key.
class IdempotencyKey {
 public:
  static constexpr std::size_t kMaxLength = 255;

  // Throws Error(InvalidArgument) naming `field` when the value is empty, longer than kMaxLength,
  // holds anything but printable ASCII, or is a malformed quoted string.
  static IdempotencyKey parse(std::string_view value, std::string_view field);

  const std::string& value() const noexcept { return value_; }

 private:
  explicit IdempotencyKey(std::string value) : value_(std::move(value)) {}

  std::string value_;
};

}  // namespace products::domain
