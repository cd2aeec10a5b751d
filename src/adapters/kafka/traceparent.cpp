#include "adapters/kafka/traceparent.hpp"

#include <random>

#include <fmt/format.h>

namespace products::adapters::kafka {

namespace {

constexpr std::size_t kVersion00Size = 55;

bool lower_hex(std::string_view text) noexcept {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool all_zero(std::string_view text) noexcept { return text.find_first_not_of('0') == std::string_view::npos; }

std::uint64_t random_word() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return engine();
}

// A random id that is not all zero, as the spec requires.
std::uint64_t nonzero_word() {
  std::uint64_t word = 0;
  while (word == 0) word = random_word();
  return word;
}

}  // namespace

bool Traceparent::valid(std::string_view text) noexcept {
  if (text.size() < kVersion00Size) return false;
  const auto version = text.substr(0, 2);
  const auto trace_id = text.substr(3, 32);
  const auto parent_id = text.substr(36, 16);
  const auto flags = text.substr(53, 2);
  if (text[2] != '-' || text[35] != '-' || text[52] != '-') return false;
  if (!lower_hex(version) || !lower_hex(trace_id) || !lower_hex(parent_id) || !lower_hex(flags)) return false;
  if (version == "ff" || all_zero(trace_id) || all_zero(parent_id)) return false;
  if (version == "00") return text.size() == kVersion00Size;
  return text.size() == kVersion00Size || text[kVersion00Size] == '-';
}

std::string Traceparent::generate() {
  return fmt::format("00-{:016x}{:016x}-{:016x}-01", random_word(), nonzero_word(), nonzero_word());
}

std::string Traceparent::or_generate(std::string_view incoming) {
  return valid(incoming) ? std::string(incoming) : generate();
}

}  // namespace products::adapters::kafka
