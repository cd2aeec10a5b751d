#pragma once

#include <chrono>

namespace products::adapters::metrics {

// Prometheus measures time in seconds.
inline double seconds(std::chrono::nanoseconds took) { return std::chrono::duration<double>(took).count(); }

}  // namespace products::adapters::metrics
