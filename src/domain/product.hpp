#pragma once

#include "domain/object_id.hpp"
#include "domain/product_fields.hpp"
#include "domain/timestamp.hpp"

namespace products::domain {

struct Product {
  ObjectId id;
  ProductFields fields;
  Timestamp created_at{};
  Timestamp updated_at{};

  friend bool operator==(const Product&, const Product&) = default;
};

}  // namespace products::domain
