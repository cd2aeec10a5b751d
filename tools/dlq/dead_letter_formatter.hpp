#pragma once

#include <string>
#include <string_view>

#include "adapters/kafka/dead_letter.hpp"

namespace products::tools::dlq {

// How products-dlq prints dead letters. Bytes that are not printable UTF-8 (keys, header values)
// are shown as "0x" and their hex digits, so that output never carries raw binary.
class DeadLetterFormatter {
 public:
  // One line: where it lies, when it was dead-lettered, key, where it came from, attempts, error.
  static std::string line(const adapters::kafka::DeadLetter& letter);
  // The same as one JSON object on one line; missing headers are null.
  static std::string json(const adapters::kafka::DeadLetter& letter);
  // Everything, one field per line: the summary, every header, and the value (as text when it is
  // UTF-8 JSON, else in hex).
  static std::string details(const adapters::kafka::DeadLetter& letter);

  static std::string printable(std::string_view bytes);
  static std::string value_text(std::string_view value);
};

}  // namespace products::tools::dlq
