#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "adapters/telemetry/span_data.hpp"

namespace products::adapters::telemetry {

// The body of an OTLP/HTTP trace export in the binary protobuf encoding
// (opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest): one resource (the
// service), one instrumentation scope, the batch's spans. Written straight to the wire format,
// field by field, because opentelemetry-proto is not packaged here: about a fifth of the JSON
// encoding's bytes, with no document built on the way, and far cheaper for the collector to read.
class OtlpProtoEncoder {
 public:
  OtlpProtoEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version);

  // Replaces `out` with the request. A sender passes the same string batch after batch: a batch
  // is larger than malloc's mmap threshold, so a new string each time cost fresh pages.
  void encode(const std::vector<SpanData>& spans, std::string& out);

 private:
  std::string resource_;  // the encoded Resource and InstrumentationScope, the same for every batch
  std::string scope_;
  std::vector<std::size_t> span_sizes_;  // the batch's, kept for their memory
};

}  // namespace products::adapters::telemetry
