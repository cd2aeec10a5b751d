#include "adapters/grpc/product_handlers.hpp"

#include "adapters/grpc/product_proto.hpp"
#include "domain/idempotency_key.hpp"
#include "domain/product_validator.hpp"
#include "domain/search_query.hpp"

namespace products::adapters::grpc {

using domain::Deadline;
using domain::ProductValidator;
using domain::SearchQuery;
using usecase::ProductService;

productsService::CreateRes handle_create(ProductService& service, const productsService::CreateReq& request,
                                         std::optional<std::string_view> idempotency_key, Deadline deadline) {
  auto fields = ProductValidator::validate(ProductProto::draft(request));
  productsService::CreateRes response;
  const auto created =
      idempotency_key
          ? service.create(domain::IdempotencyKey::parse(*idempotency_key, kIdempotencyKeyMetadata), std::move(fields),
                           deadline)
          : service.create(std::move(fields), deadline);
  ProductProto::fill(created, *response.mutable_product());
  return response;
}

productsService::UpdateRes handle_update(ProductService& service, const productsService::UpdateReq& request,
                                         Deadline deadline) {
  domain::FieldErrors errors;
  const auto id = ProductProto::product_id(request.productid(), errors);
  // A bad id is in `errors`, so validate throws before `id` is used.
  auto fields = ProductValidator::validate(ProductProto::draft(request), std::move(errors));
  productsService::UpdateRes response;
  ProductProto::fill(service.update(*id, std::move(fields), deadline), *response.mutable_product());
  return response;
}

productsService::GetByIDRes handle_get_by_id(ProductService& service, const productsService::GetByIDReq& request,
                                             Deadline deadline) {
  const auto id = ProductProto::product_id(request.productid());
  productsService::GetByIDRes response;
  ProductProto::fill(service.get_by_id(id, deadline), *response.mutable_product());
  return response;
}

productsService::SearchRes handle_search(ProductService& service, const productsService::SearchReq& request,
                                         Deadline deadline) {
  const auto page_number = request.page() == 0 ? SearchQuery::kDefaultPage : request.page();
  const auto page_size = request.size() == 0 ? SearchQuery::kDefaultSize : request.size();
  const auto query = SearchQuery::make(request.search(), page_number, page_size);
  const auto page = service.search(query, deadline);
  productsService::SearchRes response;
  response.set_totalcount(page.total_count);
  response.set_totalpages(page.total_pages());
  response.set_page(page.page);
  response.set_size(page.size);
  response.set_hasmore(page.has_more());
  for (const auto& product : page.products) ProductProto::fill(product, *response.add_products());
  return response;
}

productsService::DeleteRes handle_delete(ProductService& service, const productsService::DeleteReq& request,
                                         Deadline deadline) {
  service.remove(ProductProto::product_id(request.productid()), deadline);
  return {};
}

}  // namespace products::adapters::grpc
