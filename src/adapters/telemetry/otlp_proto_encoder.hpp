#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "adapters/telemetry/span_data.hpp"

namespace products::adapters::telemetry {

// The body of an OTLP/HTTP trace export in the binary protobuf encoding
// (opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest): one resource (the
// service), one instrumentation scope, the batch's spans. Written straight to the wire format,
// field by field, because opentelemetry-proto is not packaged here: about a fifth of the JSON
// encoding's bytes, with no document built on the way, and far cheaper for the collector to read.
//
// In two steps, so that a span is encoded when it ends, on the thread that ends it, while its
// data is still in that core's cache and can be freed where it was allocated: the exporter then
// holds bytes only and its thread merely wraps them.
class OtlpProtoEncoder {
 public:
  OtlpProtoEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version);

  // Appends `span` to `out` as one element of ScopeSpans.spans (its field head and message).
  // Safe to call from many threads at once.
  void append_span(const SpanData& span, std::string& out) const;

  // Replaces `out` with the request holding `spans`, the output of append_span calls back to
  // back. A sender passes the same string batch after batch: a batch is larger than malloc's
  // mmap threshold, so a new string each time cost fresh pages.
  void encode(std::string_view spans, std::string& out) const;

 private:
  std::string resource_;  // the encoded Resource and InstrumentationScope, the same for every batch
  std::string scope_;
};

}  // namespace products::adapters::telemetry
