#pragma once

#include <memory>

#include <grpcpp/server.h>

#include "adapters/grpc/call_observer.hpp"
#include "adapters/grpc/grpc_config.hpp"
#include "adapters/grpc/products_grpc_service.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "domain/deadline.hpp"
#include "usecase/product_service.hpp"

namespace products::adapters::grpc {

// The gRPC endpoint: ProductsService, server reflection and grpc.health.v1.Health, over TLS when
// the config names a certificate. The WorkPool must keep running until shutdown() returns, since
// calls in flight finish on its threads.
class GrpcServer {
 public:
  // Every call of a known method is reported to `observer`, when given; it must outlive the server.
  GrpcServer(GrpcConfig config, usecase::ProductService& service, runtime::WorkPool& pool,
             CallObserver* observer = nullptr);
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Binds and starts serving; throws std::runtime_error naming the address or file that failed.
  void start();
  // The bound port, also when the configured one was 0.
  int port() const noexcept { return port_; }
  // What the health service answers, for the whole server and for ProductsService. Set to false
  // when shutting down so that load balancers stop routing before calls are refused.
  void set_serving(bool serving);
  // Stops accepting calls and waits until the deadline for those in flight; then cancels them.
  void shutdown(domain::Deadline deadline);

 private:
  GrpcConfig config_;
  ProductsGrpcService service_;
  CallObserver* observer_;
  std::unique_ptr<::grpc::Server> server_;
  int port_ = 0;
};

}  // namespace products::adapters::grpc
