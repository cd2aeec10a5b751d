#pragma once

#include "adapters/telemetry/span_data.hpp"

namespace products::adapters::telemetry {

// Where a Tracer's spans go when they end. Called on the caller's thread: an implementation
// must not block (BatchExporter queues or drops).
class SpanProcessor {
 public:
  virtual ~SpanProcessor() = default;
  virtual void on_end(SpanData&& span) noexcept = 0;
};

}  // namespace products::adapters::telemetry
