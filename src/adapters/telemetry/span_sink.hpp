#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "adapters/telemetry/span_data.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::telemetry {

// A batch as BatchExporter holds it: `count` spans, each as SpanSink::encode wrote it, back to
// back.
struct EncodedSpans {
  std::string_view bytes;
  std::size_t count = 0;
};

// A tracing backend's wire format and transport. A span is encoded when it ends, on the thread
// that ends it (its data is in that core's cache then, and is freed where it was allocated);
// batches of encoded spans are sent from BatchExporter's thread.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  // Appends `span`, encoded, to `out`. Called from many threads at once: reads no mutable state.
  virtual void encode(const SpanData& span, std::string& out) const = 0;
  // Sends one batch; called only on BatchExporter's thread. Returns whether the backend took the
  // batch; must give up by `deadline`.
  virtual bool send(EncodedSpans batch, domain::Deadline deadline) = 0;
};

}  // namespace products::adapters::telemetry
