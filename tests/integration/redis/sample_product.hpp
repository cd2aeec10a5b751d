#pragma once

#include <chrono>

#include "domain/product.hpp"

namespace products::testing {

// A valid product with a fresh id, and text that JSON must escape.
inline domain::Product sample_product() {
  using namespace std::chrono_literals;
  domain::Product product;
  product.id = domain::ObjectId::generate();
  product.fields.category_id = *domain::ObjectId::parse("5f1d7f1c2b3a4c5d6e7f8091");
  product.fields.name = "Espresso cup \"Ristretto\"";
  product.fields.description = "A small porcelain cup\nfor espresso";
  product.fields.price = 12.5;
  product.fields.image_url = "https://img.example.com/cup.png";
  product.fields.photos = {"https://img.example.com/cup-1.png"};
  product.fields.quantity = 7;
  product.fields.rating = 4;
  product.created_at = domain::Timestamp(1'700'000'000'123ms);
  product.updated_at = domain::Timestamp(1'700'000'500'456ms);
  return product;
}

}  // namespace products::testing
