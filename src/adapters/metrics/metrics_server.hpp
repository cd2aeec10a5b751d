#pragma once

#include <memory>
#include <string>

#include "adapters/metrics/service_metrics.hpp"

namespace prometheus {
class Exposer;
}

namespace products::adapters::metrics {

// GET /metrics on its own port (prometheus-cpp's civetweb server, threads of its own), apart from
// the REST port so that scraping never competes with requests for I/O threads or connections.
class MetricsServer {
 public:
  // Binds at once; throws std::runtime_error naming the address when it cannot.
  MetricsServer(const std::string& host, int port, const ServiceMetrics& metrics);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The bound port, also when the configured one was 0.
  int port() const;

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace products::adapters::metrics
