#include "dlq/dead_letter_formatter.hpp"

#include <algorithm>
#include <chrono>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "domain/product_validator.hpp"
#include "domain/timestamp.hpp"

namespace products::tools::dlq {

namespace {

using adapters::kafka::DeadLetter;

std::string hex(std::string_view bytes) {
  std::string out = "0x";
  for (const unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

std::string time_text(const DeadLetter& letter) {
  const auto& timestamp = letter.record().timestamp_ms;
  if (!timestamp) return "-";
  return domain::format_rfc3339(domain::Timestamp(std::chrono::milliseconds(*timestamp)));
}

std::string key_text(const DeadLetter& letter) {
  const auto& key = letter.record().key;
  return key ? DeadLetterFormatter::printable(*key) : "(null)";
}

// e.g. create-product[1]@42; "?" for what the headers do not say.
std::string origin_text(const DeadLetter& letter) {
  const auto partition = letter.original_partition();
  const auto offset = letter.original_offset();
  return fmt::format("{}[{}]@{}", letter.original_topic().value_or("?"), partition ? std::to_string(*partition) : "?",
                     offset ? std::to_string(*offset) : "?");
}

std::string attempts_text(const DeadLetter& letter) {
  const auto attempts = letter.attempts();
  return attempts ? std::to_string(*attempts) : "?";
}

std::string position(const DeadLetter& letter) {
  return fmt::format("{}:{}", letter.record().partition, letter.record().offset);
}

template <typename T>
boost::json::value optional_value(const std::optional<T>& value) {
  if (!value) return nullptr;
  if constexpr (std::is_same_v<T, std::string>) {
    return boost::json::value(DeadLetterFormatter::printable(*value));
  } else {
    return boost::json::value(*value);
  }
}

}  // namespace

std::string DeadLetterFormatter::printable(std::string_view bytes) {
  const bool text = domain::ProductValidator::utf8_length(bytes) >= 0 &&
                    std::none_of(bytes.begin(), bytes.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; });
  return text ? std::string(bytes) : hex(bytes);
}

std::string DeadLetterFormatter::value_text(std::string_view value) {
  // Boost.JSON rejects invalid UTF-8, so a value that parses is text that can be shown as it is.
  boost::system::error_code error;
  boost::json::parse(value, error);
  return error ? hex(value) : std::string(value);
}

std::string DeadLetterFormatter::line(const DeadLetter& letter) {
  return fmt::format("{} {} key={} from={} attempts={} error={}", position(letter), time_text(letter),
                     key_text(letter), origin_text(letter),
                     attempts_text(letter),
                     printable(letter.error().value_or("?")));
}

std::string DeadLetterFormatter::json(const DeadLetter& letter) {
  const auto& record = letter.record();
  boost::json::object object;
  object["partition"] = record.partition;
  object["offset"] = record.offset;
  object["key"] = optional_value(record.key);
  object["originalTopic"] = optional_value(letter.original_topic());
  object["originalPartition"] = optional_value(letter.original_partition());
  object["originalOffset"] = optional_value(letter.original_offset());
  object["error"] = optional_value(letter.error());
  object["attempts"] = optional_value(letter.attempts());
  object["timestamp"] = record.timestamp_ms ? boost::json::value(time_text(letter)) : nullptr;
  return boost::json::serialize(object);
}

std::string DeadLetterFormatter::details(const DeadLetter& letter) {
  const auto& record = letter.record();
  auto out = fmt::format("dead letter  {} {}\ntime         {}\nkey          {}\nfrom         {}\nattempts     {}\n"
                         "error        {}\nheaders\n",
                         record.topic, position(letter), time_text(letter), key_text(letter), origin_text(letter),
                         attempts_text(letter),
                         printable(letter.error().value_or("?")));
  for (const auto& header : record.headers) out += fmt::format("  {}: {}\n", printable(header.name), printable(header.value));
  out += fmt::format("value ({} bytes)\n{}\n", record.value.size(), value_text(record.value));
  return out;
}

}  // namespace products::tools::dlq
