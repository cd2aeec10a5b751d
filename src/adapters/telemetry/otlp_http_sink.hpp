#pragma once

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "adapters/telemetry/otlp_proto_encoder.hpp"
#include "adapters/telemetry/span_sink.hpp"

namespace products::adapters::telemetry {

// POSTs each batch as OTLP/JSON to `<endpoint>/v1/traces` (plain HTTP: the collector runs on
// loopback or a sidecar). One connection per batch: batches are about one a second, and a fresh
// connection never hits a collector's idle timeout.
class OtlpHttpSink : public SpanSink {
 public:
  // `endpoint` is "http://host:port" with an optional base path; a path already ending in
  // /v1/traces is used as it is. Throws domain::Error (invalid argument) on anything else.
  OtlpHttpSink(const std::string& endpoint, OtlpProtoEncoder encoder);

  bool send(const std::vector<SpanData>& batch, domain::Deadline deadline) override;

  const std::string& target() const noexcept { return target_; }

 private:
  std::string host_;
  std::string port_;
  std::string target_;
  OtlpProtoEncoder encoder_;
  std::string body_;  // the last request's, kept for its memory (see OtlpProtoEncoder::encode)
  boost::asio::io_context io_;
  bool failing_ = false;  // log a failure once, and the recovery, not every batch
};

}  // namespace products::adapters::telemetry
