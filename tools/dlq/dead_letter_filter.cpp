#include "dlq/dead_letter_filter.hpp"

#include <algorithm>
#include <charconv>

#include "domain/timestamp.hpp"

namespace products::tools::dlq {

namespace {

bool is_date(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-dd";
  return text.size() == kShape.size() && std::equal(kShape.begin(), kShape.end(), text.begin(), [](char shape, char c) {
           return shape == 'd' ? c >= '0' && c <= '9' : c == shape;
         });
}

}  // namespace

bool DeadLetterFilter::matches(const adapters::kafka::DeadLetter& letter) const {
  const auto& record = letter.record();
  if (key && record.key != *key) return false;
  if (original_topic && letter.original_topic() != *original_topic) return false;
  if (error) {
    const auto reason = letter.error();
    if (!reason || reason->find(*error) == std::string::npos) return false;
  }
  if (since_ms || until_ms) {
    // A record without a timestamp cannot be placed in time, so a time filter never selects it.
    if (!record.timestamp_ms) return false;
    if (since_ms && *record.timestamp_ms < *since_ms) return false;
    if (until_ms && *record.timestamp_ms >= *until_ms) return false;
  }
  return true;
}

std::optional<std::int64_t> DeadLetterFilter::parse_time(std::string_view text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t epoch_ms = 0;
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), epoch_ms);
    if (error != std::errc()) return std::nullopt;
    return epoch_ms;
  }
  const auto parsed = is_date(text) ? domain::parse_rfc3339(std::string(text) + "T00:00:00Z") : domain::parse_rfc3339(text);
  if (!parsed) return std::nullopt;
  return parsed->time_since_epoch().count();
}

}  // namespace products::tools::dlq
