#include "adapters/telemetry/tracing.hpp"

#include <utility>

#include "adapters/telemetry/otlp_http_sink.hpp"

namespace products::adapters::telemetry {

namespace {

std::unique_ptr<BatchExporter> make_exporter(const TracingOptions& options) {
  if (options.endpoint.empty()) return nullptr;
  std::vector<Attribute> resource{{"service.name", options.service_name}};
  if (!options.service_version.empty()) resource.push_back({"service.version", options.service_version});
  OtlpProtoEncoder encoder(std::move(resource), options.service_name, options.service_version);
  return std::make_unique<BatchExporter>(std::make_unique<OtlpHttpSink>(options.endpoint, std::move(encoder)),
                                         options.batch, options.observer);
}

}  // namespace

Tracing::Tracing(TracingOptions options)
    : exporter_(make_exporter(options)), tracer_(Sampler(options.sample_ratio), exporter_.get()) {}

void Tracing::shutdown(domain::Deadline deadline) {
  if (exporter_) exporter_->shutdown(deadline);
}

}  // namespace products::adapters::telemetry
