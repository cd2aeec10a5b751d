#include "adapters/grpc/product_proto.hpp"

#include <utility>

namespace products::adapters::grpc {

namespace {

std::optional<std::string> present(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// CreateReq and UpdateReq carry the same user fields under the same names.
template <class Request>
domain::ProductDraft read_draft(const Request& request) {
  domain::ProductDraft draft;
  draft.category_id = present(request.categoryid());
  draft.name = present(request.name());
  draft.description = present(request.description());
  draft.price = request.price();
  draft.image_url = present(request.imageurl());
  draft.photos = std::vector<std::string>(request.photos().begin(), request.photos().end());
  draft.quantity = request.quantity();
  draft.rating = request.rating();
  return draft;
}

}  // namespace

domain::ProductDraft ProductProto::draft(const productsService::CreateReq& request) { return read_draft(request); }
domain::ProductDraft ProductProto::draft(const productsService::UpdateReq& request) { return read_draft(request); }

domain::ObjectId ProductProto::product_id(std::string_view hex) {
  domain::FieldErrors errors;
  auto id = product_id(hex, errors);
  if (!id) throw domain::Error::invalid(std::move(errors));
  return *id;
}

std::optional<domain::ObjectId> ProductProto::product_id(std::string_view hex, domain::FieldErrors& errors) {
  auto id = domain::ObjectId::parse(hex);
  if (!id) errors.emplace("productId", "must be a 24-character hex ObjectId");
  return id;
}

std::string_view ProductProto::contract_name(std::string_view proto_field) noexcept {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"ProductID", "productId"}, {"CategoryID", "categoryId"}, {"Name", "name"},
      {"Description", "description"}, {"ImageURL", "imageUrl"}, {"Photos", "photos"},
      {"Search", "search"},
  };
  for (const auto& [proto, contract] : kNames) {
    if (proto == proto_field) return contract;
  }
  return proto_field;
}

void ProductProto::fill(const domain::Product& product, productsService::Product& out) {
  const auto& f = product.fields;
  out.set_productid(product.id.hex());
  out.set_categoryid(f.category_id.hex());
  out.set_name(f.name);
  out.set_description(f.description);
  out.set_price(f.price);
  out.set_imageurl(f.image_url.value_or(""));
  out.mutable_photos()->Assign(f.photos.begin(), f.photos.end());
  out.set_quantity(f.quantity);
  out.set_rating(f.rating);
  fill(product.created_at, *out.mutable_createdat());
  fill(product.updated_at, *out.mutable_updatedat());
}

void ProductProto::fill(domain::Timestamp time, google::protobuf::Timestamp& out) {
  // floor, not truncation: nanos must stay in [0, 1e9) for times before 1970 too.
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  out.set_seconds(seconds.time_since_epoch().count());
  out.set_nanos(static_cast<std::int32_t>(std::chrono::nanoseconds(time - seconds).count()));
}

}  // namespace products::adapters::grpc
