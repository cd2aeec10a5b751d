#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/product_command.hpp"

namespace products::adapters::kafka {

// One topic per command type (SPEC §5). Configurable so that deployments (and tests) can keep
// their commands apart.
struct CommandTopics {
  static constexpr const char* kDefaultDeadLetter = "dead-letter-queue";

  std::string create = "create-product";
  std::string update = "update-product";
  std::string remove = "delete-product";

  const std::string& topic_for(domain::CommandType type) const noexcept;
  std::optional<domain::CommandType> type_of(std::string_view topic) const noexcept;
  std::vector<std::string> all() const { return {create, update, remove}; }
};

}  // namespace products::adapters::kafka
