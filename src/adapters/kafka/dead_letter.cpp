#include "adapters/kafka/dead_letter.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <string_view>

#include "adapters/kafka/dead_letter_publisher.hpp"

namespace products::adapters::kafka {

namespace {

template <typename Number>
std::optional<Number> number_header(const Record& record, std::string_view name) {
  const auto* text = record.header(name);
  if (!text) return std::nullopt;
  Number value{};
  const auto* const end = text->data() + text->size();
  const auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// One of the headers DeadLetterPublisher adds.
bool is_dead_letter_header(const Header& header) noexcept {
  static constexpr std::array kNames = {DeadLetterPublisher::kTopicHeader, DeadLetterPublisher::kPartitionHeader,
                                        DeadLetterPublisher::kOffsetHeader, DeadLetterPublisher::kErrorHeader,
                                        DeadLetterPublisher::kAttemptsHeader};
  return std::find(kNames.begin(), kNames.end(), header.name) != kNames.end();
}

std::optional<std::string> text_header(const Record& record, std::string_view name) {
  const auto* text = record.header(name);
  return text ? std::optional<std::string>(*text) : std::nullopt;
}

}  // namespace

std::optional<std::string> DeadLetter::original_topic() const {
  auto topic = text_header(record_, DeadLetterPublisher::kTopicHeader);
  if (topic && topic->empty()) return std::nullopt;
  return topic;
}

std::optional<std::int32_t> DeadLetter::original_partition() const {
  return number_header<std::int32_t>(record_, DeadLetterPublisher::kPartitionHeader);
}

std::optional<std::int64_t> DeadLetter::original_offset() const {
  return number_header<std::int64_t>(record_, DeadLetterPublisher::kOffsetHeader);
}

std::optional<std::string> DeadLetter::error() const { return text_header(record_, DeadLetterPublisher::kErrorHeader); }

std::optional<int> DeadLetter::attempts() const {
  return number_header<int>(record_, DeadLetterPublisher::kAttemptsHeader);
}

std::optional<Record> DeadLetter::original() const {
  auto topic = original_topic();
  if (!topic) return std::nullopt;
  Record original;
  original.topic = std::move(*topic);
  original.key = record_.key;
  original.value = record_.value;
  original.timestamp_ms = record_.timestamp_ms;
  std::copy_if(record_.headers.begin(), record_.headers.end(), std::back_inserter(original.headers),
               [](const Header& header) { return !is_dead_letter_header(header); });
  return original;
}

}  // namespace products::adapters::kafka
