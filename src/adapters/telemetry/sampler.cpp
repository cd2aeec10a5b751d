#include "adapters/telemetry/sampler.hpp"

#include <algorithm>
#include <cmath>

namespace products::adapters::telemetry {

Sampler::Sampler(double ratio)
    : ratio_(std::isnan(ratio) ? 0.0 : std::clamp(ratio, 0.0, 1.0)),
      // Below 1, ratio * 2^64 is below 2^64 and converts exactly enough; 1 is handled by always_.
      bound_(ratio_ >= 1.0 ? 0 : static_cast<std::uint64_t>(std::ldexp(ratio_, 64))),
      always_(ratio_ >= 1.0) {}

bool Sampler::should_sample(const std::optional<SpanContext>& parent, const TraceId& trace_id) const noexcept {
  if (parent && parent->valid()) return parent->sampled();
  if (always_) return true;
  // The low half of the trace id, big-endian: W3C asks that these bytes be random.
  std::uint64_t low = 0;
  for (std::size_t i = 8; i < 16; ++i) low = low << 8 | trace_id[i];
  return low < bound_;
}

}  // namespace products::adapters::telemetry
