#pragma once

#include <string>

#include "products.pb.h"

namespace products::testing {

// Sets the user fields of testing::valid_draft() on a CreateReq or UpdateReq.
template <class Request>
Request with_valid_fields(Request request) {
  request.set_categoryid("5f1d7f1c2b3a4c5d6e7f8091");
  request.set_name("Espresso cup");
  request.set_description("A small porcelain cup for espresso");
  request.set_price(12.5);
  request.set_imageurl("https://img.example.com/cup.png");
  request.add_photos("https://img.example.com/cup-1.png");
  request.set_quantity(7);
  request.set_rating(4);
  return request;
}

inline productsService::CreateReq valid_create() { return with_valid_fields(productsService::CreateReq{}); }

inline productsService::UpdateReq valid_update(const std::string& product_id) {
  productsService::UpdateReq request;
  request.set_productid(product_id);
  return with_valid_fields(std::move(request));
}

}  // namespace products::testing
