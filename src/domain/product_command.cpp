#include "domain/product_command.hpp"

#include <algorithm>
#include <atomic>
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
  // Strictly increasing within the process: two commands for one product issued in the same
  // microsecond (or across a clock step back) must still be ordered, or the later one is lost.
  static std::atomic<std::int64_t> last{0};
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto previous = last.load(std::memory_order_relaxed);
  std::int64_t next = 0;
  do {
    next = std::max(now, previous + 1);
  } while (!last.compare_exchange_weak(previous, next, std::memory_order_relaxed));
  return next;
}

}  // namespace products::domain
