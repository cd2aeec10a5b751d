#include "adapters/grpc/products_grpc_service.hpp"

#include <algorithm>

#include "adapters/grpc/grpc_status.hpp"
#include "adapters/grpc/product_handlers.hpp"

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

}  // namespace

ProductsGrpcService::ProductsGrpcService(usecase::ProductService& service, runtime::WorkPool& pool,
                                         std::chrono::milliseconds max_deadline)
    : service_(service), pool_(pool), max_deadline_(max_deadline) {}

::grpc::ServerUnaryReactor* ProductsGrpcService::Create(::grpc::CallbackServerContext* context,
                                                        const productsService::CreateReq* request,
                                                        productsService::CreateRes* response) {
  return dispatch(context, "Create", [this, request, response](Deadline deadline) {
    *response = handle_create(service_, *request, deadline);
  });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Update(::grpc::CallbackServerContext* context,
                                                        const productsService::UpdateReq* request,
                                                        productsService::UpdateRes* response) {
  return dispatch(context, "Update", [this, request, response](Deadline deadline) {
    *response = handle_update(service_, *request, deadline);
  });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::GetByID(::grpc::CallbackServerContext* context,
                                                         const productsService::GetByIDReq* request,
                                                         productsService::GetByIDRes* response) {
  return dispatch(context, "GetByID", [this, request, response](Deadline deadline) {
    *response = handle_get_by_id(service_, *request, deadline);
  });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Search(::grpc::CallbackServerContext* context,
                                                        const productsService::SearchReq* request,
                                                        productsService::SearchRes* response) {
  return dispatch(context, "Search", [this, request, response](Deadline deadline) {
    *response = handle_search(service_, *request, deadline);
  });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::Delete(::grpc::CallbackServerContext* context,
                                                        const productsService::DeleteReq* request,
                                                        productsService::DeleteRes* response) {
  return dispatch(context, "Delete", [this, request, response](Deadline deadline) {
    *response = handle_delete(service_, *request, deadline);
  });
}

::grpc::ServerUnaryReactor* ProductsGrpcService::dispatch(::grpc::CallbackServerContext* context,
                                                          std::string_view method, Work work) {
  auto* reactor = context->DefaultReactor();
  const auto deadline = deadline_of(*context);
  const bool queued = pool_.try_submit([reactor, context, method, deadline, work = std::move(work)] {
    reactor->Finish(run(*context, method, deadline, work));
  });
  if (!queued) reactor->Finish({::grpc::StatusCode::UNAVAILABLE, "server busy"});
  return reactor;
}

Deadline ProductsGrpcService::deadline_of(const ::grpc::CallbackServerContext& context) const {
  // A client without a deadline sends none: context.deadline() is then the far future.
  const auto left = context.deadline() - std::chrono::system_clock::now();
  const auto budget = std::min<std::chrono::system_clock::duration>(left, max_deadline_);
  return Deadline(Deadline::Clock::now() + std::chrono::duration_cast<Deadline::Clock::duration>(budget));
}

}  // namespace products::adapters::grpc
