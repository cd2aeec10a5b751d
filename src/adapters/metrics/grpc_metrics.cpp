#include "adapters/metrics/grpc_metrics.hpp"

#include <string>

#include "adapters/metrics/latency_buckets.hpp"
#include "adapters/metrics/seconds.hpp"

namespace products::adapters::metrics {

GrpcMetrics::GrpcMetrics(prometheus::Registry& registry)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("Total number of RPCs started on the server.")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Total number of RPCs completed on the server, regardless of success or failure.")
                   .Register(registry)),
      handling_(prometheus::BuildHistogram()
                    .Name("grpc_server_handling_seconds")
                    .Help("Histogram of response latency (seconds) of gRPC that had been application-level "
                          "handled by the server.")
                    .Register(registry)) {}

void GrpcMetrics::started(std::string_view service, std::string_view method, std::string_view type) {
  started_
      .Add({{"grpc_method", std::string(method)}, {"grpc_service", std::string(service)}, {"grpc_type", std::string(type)}})
      .Increment();
}

void GrpcMetrics::handled(std::string_view service, std::string_view method, std::string_view type,
                          std::string_view code, std::chrono::nanoseconds took) {
  const std::string m(method), s(service), t(type);
  handled_.Add({{"grpc_code", std::string(code)}, {"grpc_method", m}, {"grpc_service", s}, {"grpc_type", t}})
      .Increment();
  handling_.Add({{"grpc_method", m}, {"grpc_service", s}, {"grpc_type", t}}, latency_buckets()).Observe(seconds(took));
}

}  // namespace products::adapters::metrics
