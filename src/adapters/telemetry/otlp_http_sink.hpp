#pragma once

#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/telemetry/otlp_proto_encoder.hpp"
#include "adapters/telemetry/span_sink.hpp"

namespace products::adapters::telemetry {

// POSTs each batch as OTLP protobuf to `<endpoint>/v1/traces` (plain HTTP: the collector runs on
// loopback or a sidecar), on one kept-alive connection: at 100 % sampling under load batches go
// many times a second, and a connection (and a name lookup) per batch cost both sides more CPU
// than the batch itself. A batch that finds the kept connection closed by the collector (its idle
// timeout) goes once more on a fresh one.
class OtlpHttpSink : public SpanSink {
 public:
  // `endpoint` is "http://host:port" with an optional base path; a path already ending in
  // /v1/traces is used as it is. Throws domain::Error (invalid argument) on anything else.
  OtlpHttpSink(const std::string& endpoint, OtlpProtoEncoder encoder);

  void encode(const SpanData& span, std::string& out) const override;
  bool send(EncodedSpans batch, domain::Deadline deadline) override;

  const std::string& target() const noexcept { return target_; }

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  // One request and its answer on the kept connection, connecting first when there is none.
  boost::beast::error_code exchange(const Request& request, Response& response, domain::Deadline deadline);
  void close();

  std::string host_;
  std::string port_;
  std::string target_;
  OtlpProtoEncoder encoder_;
  std::string body_;  // the last request's, kept for its memory (see OtlpProtoEncoder::encode)
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_{io_};
  boost::beast::flat_buffer buffer_;  // what was read past an answer belongs to the connection
  bool failing_ = false;  // log a failure once, and the recovery, not every batch
};

}  // namespace products::adapters::telemetry
