#include "adapters/kafka/retry_policy.hpp"

#include <algorithm>

namespace products::adapters::kafka {

std::chrono::milliseconds RetryPolicy::delay(int attempt, std::chrono::milliseconds fruitless) const noexcept {
  auto pause = initial;
  for (int i = 1; i < attempt && pause < max; ++i) pause *= 2;
  return std::max(std::min(pause, max), std::min(fruitless, max_timeout));
}

std::chrono::milliseconds RetryPolicy::timeout_for(std::size_t commands, int timed_out) const noexcept {
  auto budget = timeout + timeout_per_command * static_cast<std::int64_t>(commands);
  for (int i = 0; i < timed_out && budget < max_timeout; ++i) budget *= 2;
  return std::min(budget, max_timeout);
}

}  // namespace products::adapters::kafka
