#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "adapters/runtime/work_pool.hpp"
#include "adapters/telemetry/tracer.hpp"
#include "domain/deadline.hpp"
#include "products.grpc.pb.h"
#include "usecase/product_service.hpp"

namespace products::adapters::grpc {

// ProductsService on the callback API. gRPC's threads only hand each call to the WorkPool, whose
// workers run the blocking use case and finish the call; when the pool is full the call is
// refused with UNAVAILABLE at once. Each call's deadline is the client's, capped at max_deadline.
class ProductsGrpcService final : public productsService::ProductsService::CallbackService {
 public:
  // Each call gets a server span from `tracer`, when given, active while the use case runs.
  ProductsGrpcService(usecase::ProductService& service, runtime::WorkPool& pool,
                      std::chrono::milliseconds max_deadline, const telemetry::Tracer* tracer = nullptr);

  ::grpc::ServerUnaryReactor* Create(::grpc::CallbackServerContext* context, const productsService::CreateReq* request,
                                     productsService::CreateRes* response) override;
  ::grpc::ServerUnaryReactor* Update(::grpc::CallbackServerContext* context, const productsService::UpdateReq* request,
                                     productsService::UpdateRes* response) override;
  ::grpc::ServerUnaryReactor* GetByID(::grpc::CallbackServerContext* context,
                                      const productsService::GetByIDReq* request,
                                      productsService::GetByIDRes* response) override;
  ::grpc::ServerUnaryReactor* Search(::grpc::CallbackServerContext* context, const productsService::SearchReq* request,
                                     productsService::SearchRes* response) override;
  ::grpc::ServerUnaryReactor* Delete(::grpc::CallbackServerContext* context, const productsService::DeleteReq* request,
                                     productsService::DeleteRes* response) override;

 private:
  using Work = std::function<void(domain::Deadline)>;

  ::grpc::ServerUnaryReactor* dispatch(::grpc::CallbackServerContext* context, std::string_view method, Work work);
  domain::Deadline deadline_of(const ::grpc::CallbackServerContext& context) const;
  telemetry::Span server_span(const ::grpc::CallbackServerContext& context, std::string_view method) const;

  usecase::ProductService& service_;
  runtime::WorkPool& pool_;
  std::chrono::milliseconds max_deadline_;
  const telemetry::Tracer* tracer_;
};

}  // namespace products::adapters::grpc
