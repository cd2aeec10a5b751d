#pragma once

#include <string>
#include <vector>

#include "adapters/telemetry/span_data.hpp"

namespace products::adapters::telemetry {

// The body of an OTLP/HTTP trace export in the JSON encoding (ExportTraceServiceRequest):
// one resource (the service), one instrumentation scope, the batch's spans. Per the OTLP JSON
// rules, ids are lowercase hex, 64-bit integers (timestamps, int attributes) are decimal
// strings, and enums are their numbers.
class OtlpJsonEncoder {
 public:
  OtlpJsonEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version);

  std::string encode(const std::vector<SpanData>& spans) const;

 private:
  std::vector<Attribute> resource_;
  std::string scope_name_;
  std::string scope_version_;
};

}  // namespace products::adapters::telemetry
