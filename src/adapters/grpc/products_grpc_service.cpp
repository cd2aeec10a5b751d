#include "adapters/grpc/products_grpc_service.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "adapters/grpc/grpc_status.hpp"
#include "adapters/grpc/product_handlers.hpp"
#include "adapters/telemetry/active_context.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::adapters::grpc {

using domain::Deadline;

namespace {

::grpc::Status run(const ::grpc::CallbackServerContext& context, std::string_view method, Deadline deadline,
                   const std::function<void(Deadline)>& work) {
  // Work that waited in the queue past its deadline, or for a client that left, is not started.
  if (context.IsCancelled()) return ::grpc::Status::CANCELLED;
  if (deadline.expired()) return {::grpc::StatusCode::DEADLINE_EXCEEDED, "deadline exceeded before the call started"};
  try {
    work(deadline);
    return ::grpc::Status::OK;
  } catch (...) {
    return status_for_current_exception(method);
  }
}

// The value of a client's metadata entry, when it sent one.
std::optional<std::string_view> metadata_entry(const ::grpc::CallbackServerContext& context, std::string_view key) {
  const auto& entries = context.client_metadata();
  const auto found = entries.find(::grpc::string_ref(key.data(), key.size()));
  if (found == entries.end()) return std::nullopt;
  return std::string_view(found->second.data(), found->second.size());
}

// The value of a client's metadata entry, or "" when it sent none.
std::string_view metadata(const ::grpc::CallbackServerContext& context, std::string_view key) {
  return metadata_entry(context, key).value_or(std::string_view());
}

}  // namespace

ProductsGrpcService::ProductsGrpcService(usecase::ProductService& service, runtime::WorkPool& pool,
                                         std::chrono::milliseconds max_deadline, const telemetry::Tracer* tracer)
    : service_(service), pool_(pool), max_deadline_(max_deadline), tracer_(tracer) {}

::grpc::ServerUnaryReactor* ProductsGrpcService::Create(::grpc::CallbackServerContext* context,
                                                        const ::grpc::ByteBuffer* request,
                                                        ::grpc::ByteBuffer* response) {
  return serve<productsService::CreateReq>(
      context, "Create", request, response,
      [context](usecase::ProductService& service, const productsService::CreateReq& parsed, Deadline deadline) {
        return handle_create(service, parsed, metadata_entry(*context, kIdempotencyKeyMetadata), deadline);
      });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Update(::grpc::CallbackServerContext* context,
                                                        const ::grpc::ByteBuffer* request,
                                                        ::grpc::ByteBuffer* response) {
  return serve<productsService::UpdateReq>(context, "Update", request, response, handle_update);
}

::grpc::ServerUnaryReactor* ProductsGrpcService::GetByID(::grpc::CallbackServerContext* context,
                                                         const ::grpc::ByteBuffer* request,
                                                         ::grpc::ByteBuffer* response) {
  return serve<productsService::GetByIDReq>(context, "GetByID", request, response, handle_get_by_id);
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Search(::grpc::CallbackServerContext* context,
                                                        const ::grpc::ByteBuffer* request,
                                                        ::grpc::ByteBuffer* response) {
  return serve<productsService::SearchReq>(context, "Search", request, response, handle_search);
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Delete(::grpc::CallbackServerContext* context,
                                                        const ::grpc::ByteBuffer* request,
                                                        ::grpc::ByteBuffer* response) {
  return serve<productsService::DeleteReq>(context, "Delete", request, response, handle_delete);
}

::grpc::ServerUnaryReactor* ProductsGrpcService::dispatch(::grpc::CallbackServerContext* context,
                                                          std::string_view method, Work work) {
  auto* reactor = context->DefaultReactor();
  const auto deadline = deadline_of(*context);
  // Shared: the pool takes copyable tasks, a Span is not.
  auto span = std::make_shared<telemetry::Span>(server_span(*context, method));
  auto finish = [reactor, span](const ::grpc::Status& status) {
    span->set_attribute("rpc.grpc.status_code", static_cast<std::int64_t>(status.error_code()));
    if (!status.ok()) span->set_status(telemetry::SpanStatus::Error, status.error_message());
    span->end();
    reactor->Finish(status);
  };
  const bool queued = pool_.try_submit([context, method, deadline, work = std::move(work), span, finish] {
    const telemetry::ActiveContext::Scope scope(span->context());
    finish(run(*context, method, deadline, work));
  });
  if (!queued) finish({::grpc::StatusCode::UNAVAILABLE, "server busy"});
  return reactor;
}

telemetry::Span ProductsGrpcService::server_span(const ::grpc::CallbackServerContext& context,
                                                 std::string_view method) const {
  if (!tracer_) return {};
  const auto parent =
      telemetry::W3cTraceContext::parse(metadata(context, "traceparent"), metadata(context, "tracestate"));
  const std::string_view service = productsService::ProductsService::service_full_name();
  // OpenTelemetry's RPC server span: "<package.Service>/<Method>".
  auto span = tracer_->start_span(fmt::format("{}/{}", service, method), telemetry::SpanKind::Server, parent);
  span.set_attribute("rpc.system", std::string("grpc"));
  span.set_attribute("rpc.service", std::string(service));
  span.set_attribute("rpc.method", std::string(method));
  return span;
}

Deadline ProductsGrpcService::deadline_of(const ::grpc::CallbackServerContext& context) const {
  // A client without a deadline sends none: context.deadline() is then the far future.
  const auto left = context.deadline() - std::chrono::system_clock::now();
  const auto budget = std::min<std::chrono::system_clock::duration>(left, max_deadline_);
  return Deadline(Deadline::Clock::now() + std::chrono::duration_cast<Deadline::Clock::duration>(budget));
}

}  // namespace products::adapters::grpc
