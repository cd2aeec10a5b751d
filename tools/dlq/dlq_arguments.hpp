#pragma once

#include <ostream>
#include <variant>

#include "dlq/dlq_options.hpp"

namespace products::tools::dlq {

// The command line of products-dlq.
class DlqArguments {
 public:
  static constexpr int kUsageError = 2;

  // The options, or the exit code when parsing ends the run: 0 after printing the help to `out`,
  // kUsageError after printing what is wrong to `err`. --brokers and --dlq-topic fall back to
  // KAFKA_BROKERS and KAFKA_DEAD_LETTER_TOPIC.
  static std::variant<DlqOptions, int> parse(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
};

}  // namespace products::tools::dlq
