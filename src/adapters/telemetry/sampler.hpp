#pragma once

#include <cstdint>
#include <optional>

#include "adapters/telemetry/span_context.hpp"

namespace products::adapters::telemetry {

// OpenTelemetry's ParentBased(TraceIdRatioBased(ratio)): a span with a parent follows the
// parent's sampled flag, so a trace is kept or dropped whole across services; a root span is
// sampled when its trace id falls below the ratio, so that every service deciding on the same
// trace id decides alike.
class Sampler {
 public:
  explicit Sampler(double ratio);

  bool should_sample(const std::optional<SpanContext>& parent, const TraceId& trace_id) const noexcept;
  double ratio() const noexcept { return ratio_; }

 private:
  double ratio_;
  std::uint64_t bound_;  // sample when the trace id's low 8 bytes are below it
  bool always_;
};

}  // namespace products::adapters::telemetry
