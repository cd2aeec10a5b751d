#include "adapters/metrics/metrics_server.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <prometheus/exposer.h>

namespace products::adapters::metrics {

MetricsServer::MetricsServer(const std::string& host, int port, const ServiceMetrics& metrics) {
  const auto address = fmt::format("{}:{}", host, port);
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("metrics: cannot listen on {}: {}", address, e.what()));
  }
  exposer_->RegisterCollectable(metrics.registry());
  exposer_->RegisterCollectable(metrics.process());
}

MetricsServer::~MetricsServer() = default;

int MetricsServer::port() const {
  const auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace products::adapters::metrics
