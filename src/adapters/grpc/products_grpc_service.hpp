#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "adapters/grpc/wire_message.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "adapters/telemetry/tracer.hpp"
#include "domain/deadline.hpp"
#include "products.grpc.pb.h"
#include "usecase/product_service.hpp"

namespace products::adapters::grpc {

// Every method of ProductsService on the callback API with raw bytes in and out: the service
// parses requests itself (WireMessage), so that one gRPC cannot parse is INVALID_ARGUMENT naming
// the field rather than gRPC's bare UNIMPLEMENTED. Clients see the same API as products.proto.
using ProductsApi = productsService::ProductsService;
using RawProductsService = ProductsApi::WithRawCallbackMethod_Create<ProductsApi::WithRawCallbackMethod_Update<
    ProductsApi::WithRawCallbackMethod_GetByID<ProductsApi::WithRawCallbackMethod_Search<
        ProductsApi::WithRawCallbackMethod_Delete<ProductsApi::Service>>>>>;

// ProductsService on the callback API. gRPC's threads only hand each call to the WorkPool, whose
// workers parse the request, run the blocking use case and finish the call; when the pool is full
// the call is refused with UNAVAILABLE at once. Each call's deadline is the client's, capped at
// max_deadline.
class ProductsGrpcService final : public RawProductsService {
 public:
  // Each call gets a server span from `tracer`, when given, active while the use case runs.
  ProductsGrpcService(usecase::ProductService& service, runtime::WorkPool& pool,
                      std::chrono::milliseconds max_deadline, const telemetry::Tracer* tracer = nullptr);

  ::grpc::ServerUnaryReactor* Create(::grpc::CallbackServerContext* context, const ::grpc::ByteBuffer* request,
                                     ::grpc::ByteBuffer* response) override;
  ::grpc::ServerUnaryReactor* Update(::grpc::CallbackServerContext* context, const ::grpc::ByteBuffer* request,
                                     ::grpc::ByteBuffer* response) override;
  ::grpc::ServerUnaryReactor* GetByID(::grpc::CallbackServerContext* context, const ::grpc::ByteBuffer* request,
                                      ::grpc::ByteBuffer* response) override;
  ::grpc::ServerUnaryReactor* Search(::grpc::CallbackServerContext* context, const ::grpc::ByteBuffer* request,
                                     ::grpc::ByteBuffer* response) override;
  ::grpc::ServerUnaryReactor* Delete(::grpc::CallbackServerContext* context, const ::grpc::ByteBuffer* request,
                                     ::grpc::ByteBuffer* response) override;

 private:
  using Work = std::function<void(domain::Deadline)>;

  // Parses the request, runs `handle` on the pool and serializes its answer (see dispatch).
  template <class Request, class Handle>
  ::grpc::ServerUnaryReactor* serve(::grpc::CallbackServerContext* context, std::string_view method,
                                    const ::grpc::ByteBuffer* request, ::grpc::ByteBuffer* response, Handle handle) {
    return dispatch(context, method, [this, request, response, handle](domain::Deadline deadline) {
      Request parsed;
      WireMessage::parse(*request, parsed);
      WireMessage::serialize(handle(service_, parsed, deadline), *response);
    });
  }

  ::grpc::ServerUnaryReactor* dispatch(::grpc::CallbackServerContext* context, std::string_view method, Work work);
  domain::Deadline deadline_of(const ::grpc::CallbackServerContext& context) const;
  telemetry::Span server_span(const ::grpc::CallbackServerContext& context, std::string_view method) const;

  usecase::ProductService& service_;
  runtime::WorkPool& pool_;
  std::chrono::milliseconds max_deadline_;
  const telemetry::Tracer* tracer_;
};

}  // namespace products::adapters::grpc
