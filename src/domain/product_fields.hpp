#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/object_id.hpp"

namespace products::domain {

// The fields a client owns; they have passed ProductValidator.
struct ProductFields {
  ObjectId category_id;
  std::string name;
  std::string description;
  double price = 0;
  std::optional<std::string> image_url;
  std::vector<std::string> photos;
  std::int64_t quantity = 0;
  std::int64_t rating = 0;

  friend bool operator==(const ProductFields&, const ProductFields&) = default;
};

}  // namespace products::domain
