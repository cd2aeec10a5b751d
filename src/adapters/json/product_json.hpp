#pragma once

#include <string>
#include <string_view>

#include "domain/product.hpp"
#include "domain/product_fields.hpp"
#include "domain/search_page.hpp"

namespace products::adapters::json {

// The JSON contract of SPEC §2, shared by REST bodies, Kafka values and cache entries.
class ProductJson {
 public:
  // A client body: the user fields, validated. Server-set fields (productId, createdAt, updatedAt)
  // are ignored; unknown fields, wrong types and bad JSON are domain::Error(InvalidArgument)
  // naming the field (or "body").
  static domain::ProductFields decode_fields(std::string_view body);

  // A whole product as this service writes it (Kafka value, cache entry), validated the same way.
  static domain::Product decode_product(std::string_view text);

  // Written directly rather than through boost::json::value: it is on every read's path, and
  // Boost.JSON 1.81 prints doubles in exponent form (10.5 as 1.05E1), which surprises clients.
  static std::string encode(const domain::Product& product);
  static std::string encode(const domain::SearchPage& page);
};

}  // namespace products::adapters::json
