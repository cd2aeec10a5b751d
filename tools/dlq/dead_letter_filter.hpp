#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/kafka/dead_letter.hpp"

namespace products::tools::dlq {

// Which dead letters a command works on: those matching every criterion given.
struct DeadLetterFilter {
  std::optional<std::string> key;             // the record key, exactly
  std::optional<std::string> original_topic;  // dlq-topic, exactly
  std::optional<std::string> error;           // a substring of dlq-error
  std::optional<std::int64_t> since_ms;       // dead-lettered at or after (record timestamp, epoch ms)
  std::optional<std::int64_t> until_ms;       // dead-lettered before

  bool matches(const adapters::kafka::DeadLetter& letter) const;

  // Epoch milliseconds from decimal epoch milliseconds, an ISO 8601 date (midnight UTC) or an
  // ISO 8601 date-time with a Z or numeric offset; nullopt for anything else.
  static std::optional<std::int64_t> parse_time(std::string_view text);
};

}  // namespace products::tools::dlq
