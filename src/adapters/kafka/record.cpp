#include "adapters/kafka/record.hpp"

namespace products::adapters::kafka {

const std::string* Record::header(std::string_view name) const noexcept {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->name == name) return &it->value;
  }
  return nullptr;
}

}  // namespace products::adapters::kafka
