#include "adapters/kafka/retry_policy.hpp"

#include <algorithm>

namespace products::adapters::kafka {

std::chrono::milliseconds RetryPolicy::delay(int attempt) const noexcept {
  auto pause = initial;
  for (int i = 1; i < attempt && pause < max; ++i) pause *= 2;
  return std::min(pause, max);
}

}  // namespace products::adapters::kafka
