#pragma once

#include <cstdint>
#include <string>

namespace products::domain {

struct SearchQuery {
  static constexpr std::int64_t kDefaultPage = 1, kDefaultSize = 10, kMaxSize = 100;

  std::string text;  // matched literally, case-insensitively, in name or description
  std::int64_t page = kDefaultPage;
  std::int64_t size = kDefaultSize;

  // Rejects page < 1 and size outside 1..100 with an error naming the parameter.
  static SearchQuery make(std::string text, std::int64_t page, std::int64_t size);
  std::int64_t skip() const noexcept { return (page - 1) * size; }
};

}  // namespace products::domain
