#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace products::domain {

// Client input before validation, as decoded from JSON or protobuf. Absent fields stay empty so
// that the validator can say "is required" for each of them.
struct ProductDraft {
  std::optional<std::string> category_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<double> price;
  std::optional<std::string> image_url;
  std::optional<std::vector<std::string>> photos;
  std::optional<std::int64_t> quantity;
  std::optional<std::int64_t> rating;
};

}  // namespace products::domain
