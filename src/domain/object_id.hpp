#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace products::domain {

// A MongoDB ObjectId: 4 bytes of seconds, 5 random bytes per process, 3 bytes of counter.
class ObjectId {
 public:
  using Bytes = std::array<std::uint8_t, 12>;

  ObjectId() = default;
  explicit ObjectId(const Bytes& bytes) : bytes_(bytes) {}

  static ObjectId generate();
  // Accepts exactly 24 hex digits in either case; anything else is nullopt.
  static std::optional<ObjectId> parse(std::string_view hex);

  std::string hex() const;  // 24 lowercase hex digits
  const Bytes& bytes() const noexcept { return bytes_; }
  std::chrono::sys_seconds timestamp() const noexcept;

  friend bool operator==(const ObjectId&, const ObjectId&) = default;
  friend auto operator<=>(const ObjectId&, const ObjectId&) = default;

 private:
  Bytes bytes_{};
};

}  // namespace products::domain
