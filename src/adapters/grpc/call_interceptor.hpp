#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/support/server_interceptor.h>

#include "adapters/grpc/call_observer.hpp"

namespace products::adapters::grpc {

// Reports every call of the server's known methods to a CallObserver, as go-grpc-prometheus's
// interceptors do: started when the call arrives, handled with its status when the status is sent.
// A method the server does not know (a client's typo, a scanner) is not reported, so that the
// method labels stay bounded.
class CallInterceptorFactory final : public ::grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallInterceptorFactory(CallObserver& observer) : observer_(observer) {}

  ::grpc::experimental::Interceptor* CreateServerInterceptor(::grpc::experimental::ServerRpcInfo* info) override;

  // "/pkg.Service/Method" split, or false when it is not a method the server knows.
  static bool known_method(std::string_view full_name, std::string_view& service, std::string_view& method);

 private:
  CallObserver& observer_;
};

}  // namespace products::adapters::grpc
