#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace products::adapters::kafka {

struct TopicPartition {
  std::string topic;
  std::int32_t partition = 0;

  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

}  // namespace products::adapters::kafka
