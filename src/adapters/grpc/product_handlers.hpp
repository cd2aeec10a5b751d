#pragma once

#include <optional>
#include <string_view>

#include "domain/deadline.hpp"
#include "products.pb.h"
#include "usecase/product_service.hpp"

namespace products::adapters::grpc {

// The ProductsService calls (SPEC §4) as plain functions, so that they can be tested without a
// server. Each throws domain::Error; the reactor glue maps it to a status.

// The request metadata key of a create's idempotency key (the REST Idempotency-Key header).
inline constexpr std::string_view kIdempotencyKeyMetadata = "idempotency-key";

// With an idempotency key (the metadata's value), a retried create answers the product first created.
productsService::CreateRes handle_create(usecase::ProductService& service, const productsService::CreateReq& request,
                                         std::optional<std::string_view> idempotency_key, domain::Deadline deadline);
productsService::UpdateRes handle_update(usecase::ProductService& service, const productsService::UpdateReq& request,
                                         domain::Deadline deadline);
productsService::GetByIDRes handle_get_by_id(usecase::ProductService& service,
                                             const productsService::GetByIDReq& request, domain::Deadline deadline);
// Page and size 0 mean "not given": the defaults of domain::SearchQuery.
productsService::SearchRes handle_search(usecase::ProductService& service, const productsService::SearchReq& request,
                                         domain::Deadline deadline);
productsService::DeleteRes handle_delete(usecase::ProductService& service, const productsService::DeleteReq& request,
                                         domain::Deadline deadline);

}  // namespace products::adapters::grpc
