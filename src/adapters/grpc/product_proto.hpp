#pragma once

#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "domain/error.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"
#include "domain/product_draft.hpp"
#include "domain/timestamp.hpp"
#include "products.pb.h"

namespace products::adapters::grpc {

// Between the protobuf messages of products.proto and the domain. proto3 has no presence, so an
// empty string is read as absent (the validator then says "is required"); numbers are always
// present, so a Price of 0 fails as "greater than 0" and a Quantity or Rating of 0 is valid.
// Field names in errors are those of the JSON contract (SPEC §2), the same on every transport.
class ProductProto {
 public:
  static domain::ProductDraft draft(const productsService::CreateReq& request);
  static domain::ProductDraft draft(const productsService::UpdateReq& request);

  // Throws domain::Error(InvalidArgument) naming `productId` unless `hex` is an ObjectId.
  static domain::ObjectId product_id(std::string_view hex);
  // Adds the `productId` problem to `errors` instead, so that it is reported with the others.
  static std::optional<domain::ObjectId> product_id(std::string_view hex, domain::FieldErrors& errors);

  // The JSON contract's name for a field of products.proto ("ImageURL" -> "imageUrl"), for errors
  // found before a message reaches the validator; a field it does not know keeps its proto name.
  static std::string_view contract_name(std::string_view proto_field) noexcept;

  static void fill(const domain::Product& product, productsService::Product& out);
  static void fill(domain::Timestamp time, google::protobuf::Timestamp& out);
};

}  // namespace products::adapters::grpc
