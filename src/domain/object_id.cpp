#include "domain/object_id.hpp"

#include <atomic>
#include <random>

namespace products::domain {

namespace {

struct ProcessIdentity {
  std::array<std::uint8_t, 5> random{};
  std::atomic<std::uint32_t> counter{0};

  ProcessIdentity() {
    std::random_device device;
    std::mt19937_64 engine(device());
    for (auto& byte : random) byte = static_cast<std::uint8_t>(engine());
    counter.store(static_cast<std::uint32_t>(engine()), std::memory_order_relaxed);
  }
};

ProcessIdentity& identity() {
  static ProcessIdentity instance;
  return instance;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ObjectId ObjectId::generate() {
  auto& id = identity();
  const auto seconds = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  const auto count = id.counter.fetch_add(1, std::memory_order_relaxed);
  Bytes bytes{};
  bytes[0] = static_cast<std::uint8_t>(seconds >> 24);
  bytes[1] = static_cast<std::uint8_t>(seconds >> 16);
  bytes[2] = static_cast<std::uint8_t>(seconds >> 8);
  bytes[3] = static_cast<std::uint8_t>(seconds);
  for (std::size_t i = 0; i < id.random.size(); ++i) bytes[4 + i] = id.random[i];
  bytes[9] = static_cast<std::uint8_t>(count >> 16);
  bytes[10] = static_cast<std::uint8_t>(count >> 8);
  bytes[11] = static_cast<std::uint8_t>(count);
  return ObjectId(bytes);
}

std::optional<ObjectId> ObjectId::parse(std::string_view hex) {
  if (hex.size() != 24) return std::nullopt;
  Bytes bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = hex_value(hex[2 * i]);
    const int low = hex_value(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return ObjectId(bytes);
}

std::string ObjectId::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(24, '0');
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    out[2 * i] = digits[bytes_[i] >> 4];
    out[2 * i + 1] = digits[bytes_[i] & 0x0f];
  }
  return out;
}

std::chrono::sys_seconds ObjectId::timestamp() const noexcept {
  const std::uint32_t seconds = std::uint32_t{bytes_[0]} << 24 | std::uint32_t{bytes_[1]} << 16 |
                                std::uint32_t{bytes_[2]} << 8 | std::uint32_t{bytes_[3]};
  return std::chrono::sys_seconds(std::chrono::seconds(seconds));
}

}  // namespace products::domain
