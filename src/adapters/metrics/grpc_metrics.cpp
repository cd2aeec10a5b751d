#include "adapters/metrics/grpc_metrics.hpp"

#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

GrpcMetrics::GrpcMetrics(prometheus::Registry& registry)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("Total number of RPCs started on the server.")
                   .Register(registry),
               {"grpc_method", "grpc_service", "grpc_type"}),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Total number of RPCs completed on the server, regardless of success or failure.")
                   .Register(registry),
               {"grpc_code", "grpc_method", "grpc_service", "grpc_type"}),
      handling_(prometheus::BuildHistogram()
                    .Name("grpc_server_handling_seconds")
                    .Help("Histogram of response latency (seconds) of gRPC that had been application-level "
                          "handled by the server.")
                    .Register(registry),
                {"grpc_method", "grpc_service", "grpc_type"}) {}

void GrpcMetrics::started(std::string_view service, std::string_view method, std::string_view type) {
  started_.at({method, service, type}).Increment();
}

void GrpcMetrics::handled(std::string_view service, std::string_view method, std::string_view type,
                          std::string_view code, std::chrono::nanoseconds took) {
  handled_.at({code, method, service, type}).Increment();
  handling_.at({method, service, type}).Observe(seconds(took));
}

}  // namespace products::adapters::metrics
