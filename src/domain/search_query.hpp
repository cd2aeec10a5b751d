#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace products::domain {

struct SearchQuery {
  static constexpr std::int64_t kDefaultPage = 1, kDefaultSize = 10, kMaxSize = 100;
  // The last page whose skip() fits in int64 at any size: past it the skip the repository is given
  // would overflow (found by tests/fuzz/http_request).
  static constexpr std::int64_t kMaxPage = std::numeric_limits<std::int64_t>::max() / kMaxSize + 1;

  std::string text;  // matched literally, case-insensitively, in name or description
  std::int64_t page = kDefaultPage;
  std::int64_t size = kDefaultSize;

  // Rejects page outside 1..kMaxPage and size outside 1..100 with an error naming the parameter.
  static SearchQuery make(std::string text, std::int64_t page, std::int64_t size);
  std::int64_t skip() const noexcept { return (page - 1) * size; }
};

}  // namespace products::domain
