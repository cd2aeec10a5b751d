#pragma once

#include <cstdint>
#include <vector>

#include "domain/product.hpp"

namespace products::domain {

struct SearchPage {
  std::int64_t total_count = 0;
  std::int64_t page = 1;
  std::int64_t size = 10;
  std::vector<Product> products;

  std::int64_t total_pages() const noexcept { return (total_count + size - 1) / size; }
  bool has_more() const noexcept { return page < total_pages(); }
};

}  // namespace products::domain
