#include "dlq/dead_letter_address.hpp"

#include <charconv>

namespace products::tools::dlq {

namespace {

template <typename Number>
std::optional<Number> non_negative(std::string_view text) {
  Number value{};
  const auto* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<DeadLetterAddress> DeadLetterAddress::parse(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    const auto offset = non_negative<std::int64_t>(text);
    return offset ? std::optional(DeadLetterAddress{std::nullopt, *offset}) : std::nullopt;
  }
  const auto partition = non_negative<std::int32_t>(text.substr(0, colon));
  const auto offset = non_negative<std::int64_t>(text.substr(colon + 1));
  if (!partition || !offset) return std::nullopt;
  return DeadLetterAddress{partition, *offset};
}

std::string DeadLetterAddress::to_string() const {
  const auto offset_text = std::to_string(offset);
  return partition ? std::to_string(*partition) + ":" + offset_text : offset_text;
}

}  // namespace products::tools::dlq
