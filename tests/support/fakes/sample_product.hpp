#pragma once

#include <string>

#include "domain/object_id.hpp"
#include "domain/product.hpp"
#include "domain/product_draft.hpp"
#include "domain/product_fields.hpp"

namespace products::testing {

// A draft that passes every rule; tests break one field at a time from here.
inline domain::ProductDraft valid_draft() {
  domain::ProductDraft draft;
  draft.category_id = "5f1d7f1c2b3a4c5d6e7f8091";
  draft.name = "Espresso cup";
  draft.description = "A small porcelain cup for espresso";
  draft.price = 12.5;
  draft.image_url = "https://img.example.com/cup.png";
  draft.photos = std::vector<std::string>{"https://img.example.com/cup-1.png"};
  draft.quantity = 7;
  draft.rating = 4;
  return draft;
}

inline domain::ProductFields valid_fields(std::string name = "Espresso cup") {
  domain::ProductFields fields;
  fields.category_id = *domain::ObjectId::parse("5f1d7f1c2b3a4c5d6e7f8091");
  fields.name = std::move(name);
  fields.description = "A small porcelain cup for espresso";
  fields.price = 12.5;
  fields.image_url = "https://img.example.com/cup.png";
  fields.photos = {"https://img.example.com/cup-1.png"};
  fields.quantity = 7;
  fields.rating = 4;
  return fields;
}

inline domain::Product sample_product(const std::string& id_hex = "65a1b2c3d4e5f60718293a4b",
                                      std::string name = "Espresso cup") {
  domain::Product product;
  product.id = *domain::ObjectId::parse(id_hex);
  product.fields = valid_fields(std::move(name));
  product.created_at = domain::Timestamp(std::chrono::milliseconds(1'700'000'000'123));
  product.updated_at = domain::Timestamp(std::chrono::milliseconds(1'700'000'500'456));
  return product;
}

}  // namespace products::testing
