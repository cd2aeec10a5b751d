#include "domain/product_command.hpp"

#include <chrono>

namespace products::domain {

const char* to_string(CommandType type) noexcept {
  switch (type) {
    case CommandType::Create: return "create";
    case CommandType::Update: return "update";
    case CommandType::Delete: return "delete";
  }
  return "unknown";
}

std::int64_t version_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace products::domain
