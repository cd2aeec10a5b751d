#include "adapters/grpc/call_interceptor.hpp"

#include <google/protobuf/descriptor.h>

namespace products::adapters::grpc {

namespace {

using ::grpc::experimental::InterceptionHookPoints;
using ::grpc::experimental::ServerRpcInfo;

std::string_view type_name(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

// The names of Go's codes.Code.String(), which go-grpc-prometheus puts in grpc_code.
std::string_view code_name(::grpc::StatusCode code) {
  switch (code) {
    case ::grpc::StatusCode::OK: return "OK";
    case ::grpc::StatusCode::CANCELLED: return "Canceled";
    case ::grpc::StatusCode::UNKNOWN: return "Unknown";
    case ::grpc::StatusCode::INVALID_ARGUMENT: return "InvalidArgument";
    case ::grpc::StatusCode::DEADLINE_EXCEEDED: return "DeadlineExceeded";
    case ::grpc::StatusCode::NOT_FOUND: return "NotFound";
    case ::grpc::StatusCode::ALREADY_EXISTS: return "AlreadyExists";
    case ::grpc::StatusCode::PERMISSION_DENIED: return "PermissionDenied";
    case ::grpc::StatusCode::RESOURCE_EXHAUSTED: return "ResourceExhausted";
    case ::grpc::StatusCode::FAILED_PRECONDITION: return "FailedPrecondition";
    case ::grpc::StatusCode::ABORTED: return "Aborted";
    case ::grpc::StatusCode::OUT_OF_RANGE: return "OutOfRange";
    case ::grpc::StatusCode::UNIMPLEMENTED: return "Unimplemented";
    case ::grpc::StatusCode::INTERNAL: return "Internal";
    case ::grpc::StatusCode::UNAVAILABLE: return "Unavailable";
    case ::grpc::StatusCode::DATA_LOSS: return "DataLoss";
    case ::grpc::StatusCode::UNAUTHENTICATED: return "Unauthenticated";
    default: return "Unknown";
  }
}

class CallInterceptor final : public ::grpc::experimental::Interceptor {
 public:
  CallInterceptor(CallObserver& observer, std::string_view service, std::string_view method, std::string_view type)
      : observer_(observer), service_(service), method_(method), type_(type) {
    observer_.started(service_, method_, type_);
  }

  void Intercept(::grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      observer_.handled(service_, method_, type_, code_name(methods->GetSendStatus().error_code()),
                        std::chrono::steady_clock::now() - started_);
    }
    methods->Proceed();
  }

 private:
  CallObserver& observer_;
  // Views into the ServerRpcInfo's method name, which lives as long as the call.
  std::string_view service_;
  std::string_view method_;
  std::string_view type_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

bool CallInterceptorFactory::known_method(std::string_view full_name, std::string_view& service,
                                          std::string_view& method) {
  if (!full_name.starts_with('/')) return false;
  full_name.remove_prefix(1);
  const auto slash = full_name.find('/');
  if (slash == std::string_view::npos) return false;
  service = full_name.substr(0, slash);
  method = full_name.substr(slash + 1);
  // gRPC's health service is not described in the generated pool (gRPC encodes it itself).
  if (service == "grpc.health.v1.Health") return method == "Check" || method == "Watch";
  std::string dotted(service);
  dotted += '.';
  dotted += method;
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted) != nullptr;
}

::grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(ServerRpcInfo* info) {
  std::string_view service, method;
  if (!known_method(info->method(), service, method)) return nullptr;
  return new CallInterceptor(observer_, service, method, type_name(info->type()));
}

}  // namespace products::adapters::grpc
