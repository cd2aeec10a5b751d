#include "adapters/telemetry/otlp_http_sink.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "domain/error.hpp"

namespace products::adapters::telemetry {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::asio::ip::tcp;

namespace {

constexpr std::string_view kScheme = "http://";
constexpr std::string_view kTracesPath = "/v1/traces";

}  // namespace

OtlpHttpSink::OtlpHttpSink(const std::string& endpoint, OtlpProtoEncoder encoder) : encoder_(std::move(encoder)) {
  const std::string_view url(endpoint);
  if (url.substr(0, kScheme.size()) != kScheme) {
    throw domain::Error::invalid_field("tracing.endpoint", "must start with http://");
  }
  const auto rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const auto colon = authority.rfind(':');
  if (authority.empty() || colon == 0 || colon == std::string_view::npos || colon + 1 == authority.size()) {
    throw domain::Error::invalid_field("tracing.endpoint", "must be http://host:port[/path]");
  }
  host_ = authority.substr(0, colon);
  port_ = authority.substr(colon + 1);
  std::string path(slash == std::string_view::npos ? std::string_view{} : rest.substr(slash));
  while (!path.empty() && path.back() == '/') path.pop_back();
  const bool complete = path.size() >= kTracesPath.size() && path.ends_with(kTracesPath);
  target_ = complete ? path : path + std::string(kTracesPath);
}

void OtlpHttpSink::encode(const SpanData& span, std::string& out) const { encoder_.append_span(span, out); }

bool OtlpHttpSink::send(EncodedSpans batch, domain::Deadline deadline) {
  Request request{http::verb::post, target_, 11};
  request.set(http::field::host, host_ + ":" + port_);
  request.set(http::field::content_type, "application/x-protobuf");
  encoder_.encode(batch.bytes, body_);
  request.body() = std::move(body_);
  request.prepare_payload();

  const bool reused = stream_.socket().is_open();
  Response response;
  auto error = exchange(request, response, deadline);
  if (error && reused && deadline.remaining() > std::chrono::milliseconds::zero()) {
    // Most likely the collector closed the idle connection before this batch reached it.
    close();
    response = {};
    error = exchange(request, response, deadline);
  }
  if (error || !response.keep_alive()) close();
  const bool ok = !error && response.result_int() / 100 == 2;
  if (!ok && !failing_) {
    spdlog::warn("trace export to {}:{}{} failed: {}", host_, port_, target_,
                 error ? error.message() : "HTTP " + std::to_string(response.result_int()) + " " + response.body());
  } else if (ok && failing_) {
    spdlog::info("trace export to {}:{}{} works again", host_, port_, target_);
  }
  failing_ = !ok;
  body_ = std::move(request.body());
  return ok;
}

beast::error_code OtlpHttpSink::exchange(const Request& request, Response& response, domain::Deadline deadline) {
  beast::error_code error;
  // Asynchronous steps, because tcp_stream's timeout bounds only those: the deadline holds
  // even against a collector that accepts and never answers (the timeout closes the socket).
  stream_.expires_after(deadline.remaining());
  const auto write_and_read = [&] {
    http::async_write(stream_, request, [&](beast::error_code written, std::size_t) {
      if ((error = written)) return;
      http::async_read(stream_, buffer_, response, [&](beast::error_code read, std::size_t) { error = read; });
    });
  };
  if (stream_.socket().is_open()) {
    write_and_read();
  } else {
    tcp::resolver resolver(io_);
    const auto endpoints = resolver.resolve(host_, port_, error);
    if (error) return error;
    stream_.async_connect(endpoints, [&](beast::error_code connected, const tcp::endpoint&) {
      if (!(error = connected)) write_and_read();
    });
  }
  io_.run();
  io_.restart();
  return error;
}

void OtlpHttpSink::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
  buffer_.clear();
}

}  // namespace products::adapters::telemetry
