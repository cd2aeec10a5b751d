#pragma once

#include <algorithm>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "adapters/telemetry/span_processor.hpp"

namespace products::testing {

// Keeps every ended span, from any thread (a delivery callback ends the producer's span).
class RecordingSpanProcessor : public adapters::telemetry::SpanProcessor {
 public:
  void on_end(adapters::telemetry::SpanData&& span) noexcept override {
    const std::lock_guard lock(mutex_);
    ended_.push_back(std::move(span));
  }

  std::vector<adapters::telemetry::SpanData> ended() const {
    const std::lock_guard lock(mutex_);
    return ended_;
  }

  std::optional<adapters::telemetry::SpanData> find(std::string_view name) const {
    const std::lock_guard lock(mutex_);
    const auto it = std::find_if(ended_.begin(), ended_.end(), [&](const auto& span) { return span.name == name; });
    if (it == ended_.end()) return std::nullopt;
    return *it;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<adapters::telemetry::SpanData> ended_;
};

// The value of a span's attribute, or nullopt when the span lacks it.
inline std::optional<adapters::telemetry::AttributeValue> attribute_of(const adapters::telemetry::SpanData& span,
                                                                       std::string_view key) {
  for (const auto& attribute : span.attributes) {
    if (attribute.key == key) return attribute.value;
  }
  return std::nullopt;
}

}  // namespace products::testing
