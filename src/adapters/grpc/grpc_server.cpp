#include "adapters/grpc/grpc_server.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include "adapters/grpc/call_interceptor.hpp"

namespace products::adapters::grpc {

namespace {

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in || content.str().empty()) throw std::runtime_error(fmt::format("gRPC: cannot read {} '{}'", what, path));
  return content.str();
}

std::shared_ptr<::grpc::ServerCredentials> credentials(const GrpcConfig& config) {
  if (config.cert_file.empty() && config.key_file.empty()) return ::grpc::InsecureServerCredentials();
  ::grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(
      {read_file(config.key_file, "TLS key file"), read_file(config.cert_file, "TLS certificate file")});
  return ::grpc::SslServerCredentials(options);
}

}  // namespace

GrpcServer::GrpcServer(GrpcConfig config, usecase::ProductService& service, runtime::WorkPool& pool,
                       CallObserver* observer)
    : config_(std::move(config)), service_(service, pool, config_.max_deadline, config_.tracer), observer_(observer) {}

GrpcServer::~GrpcServer() {
  if (server_) shutdown(domain::Deadline::after(std::chrono::milliseconds::zero()));
}

void GrpcServer::start() {
  ::grpc::EnableDefaultHealthCheckService(true);
  ::grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  ::grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.address, credentials(config_), &port_);
  builder.RegisterService(&service_);
  builder.SetMaxReceiveMessageSize(config_.max_receive_message_bytes);
  // gRPC binds with SO_REUSEPORT by default, so a second instance on the same port would start
  // and silently take half the connections; a port in use must stop start-up instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (observer_) {
    std::vector<std::unique_ptr<::grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
    interceptors.push_back(std::make_unique<CallInterceptorFactory>(*observer_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    server_.reset();
    throw std::runtime_error(fmt::format("gRPC: cannot listen on {}", config_.address));
  }
  set_serving(true);
  spdlog::info("gRPC listening on {} (port {}, {})", config_.address, port_,
               config_.cert_file.empty() ? "plaintext" : "TLS");
}

void GrpcServer::set_serving(bool serving) {
  if (!server_) return;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(serving);
  health->SetServingStatus(productsService::ProductsService::service_full_name(), serving);
}

void GrpcServer::shutdown(domain::Deadline deadline) {
  if (!server_) return;
  set_serving(false);
  server_->Shutdown(std::chrono::system_clock::now() + deadline.remaining());
  server_->Wait();
  server_.reset();
}

}  // namespace products::adapters::grpc
