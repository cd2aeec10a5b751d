#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "dlq/dead_letter_address.hpp"
#include "dlq/dead_letter_filter.hpp"

namespace products::tools::dlq {

// What one run of products-dlq is asked to do, as parsed from its command line.
struct DlqOptions {
  enum class Command { List, Show, Replay };

  Command command = Command::List;
  std::string brokers;
  std::string dead_letter_topic;
  std::chrono::seconds timeout{30};  // for the whole run
  DeadLetterFilter filter;
  std::vector<DeadLetterAddress> offsets;  // replay: only these
  DeadLetterAddress address;               // show
  bool json = false;                       // list
  bool dry_run = false;                    // replay
};

}  // namespace products::tools::dlq
