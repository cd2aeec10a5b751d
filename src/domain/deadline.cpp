#include "domain/deadline.hpp"

#include <algorithm>

namespace products::domain {

std::chrono::milliseconds Deadline::remaining() const noexcept {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(at_ - Clock::now());
  return std::max(left, std::chrono::milliseconds::zero());
}

std::int64_t Deadline::remaining_ms_at_least_one() const noexcept {
  return std::max<std::int64_t>(remaining().count(), 1);
}

}  // namespace products::domain
