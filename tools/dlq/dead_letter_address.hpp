#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace products::tools::dlq {

// Where a dead letter lies in the dead-letter topic: PARTITION:OFFSET, or only OFFSET, which
// names a record only when the topic has a single partition.
struct DeadLetterAddress {
  std::optional<std::int32_t> partition;
  std::int64_t offset = 0;

  // nullopt unless the text is OFFSET or PARTITION:OFFSET in non-negative decimals.
  static std::optional<DeadLetterAddress> parse(std::string_view text);
  std::string to_string() const;

  friend bool operator==(const DeadLetterAddress&, const DeadLetterAddress&) = default;
};

}  // namespace products::tools::dlq
