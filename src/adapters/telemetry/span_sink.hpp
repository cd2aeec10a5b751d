#pragma once

#include <vector>

#include "adapters/telemetry/span_data.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::telemetry {

// Sends one batch of spans to a tracing backend; called only on BatchExporter's thread.
// Returns whether the backend took the batch; must give up by `deadline`.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  virtual bool send(const std::vector<SpanData>& batch, domain::Deadline deadline) = 0;
};

}  // namespace products::adapters::telemetry
