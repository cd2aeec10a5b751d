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

bool OtlpHttpSink::send(const std::vector<SpanData>& batch, domain::Deadline deadline) {
  http::request<http::string_body> request{http::verb::post, target_, 11};
  request.set(http::field::host, host_ + ":" + port_);
  request.set(http::field::content_type, "application/x-protobuf");
  encoder_.encode(batch, body_);
  request.body() = std::move(body_);
  request.prepare_payload();

  beast::error_code error;
  http::response<http::string_body> response;
  beast::flat_buffer buffer;
  tcp::resolver resolver(io_);
  beast::tcp_stream stream(io_);
  // Asynchronous steps, because tcp_stream's timeout bounds only those: the deadline holds
  // even against a collector that accepts and never answers.
  const auto endpoints = resolver.resolve(host_, port_, error);
  if (!error) {
    stream.expires_after(deadline.remaining());
    stream.async_connect(endpoints, [&](beast::error_code connected, const tcp::endpoint&) {
      if ((error = connected)) return;
      http::async_write(stream, request, [&](beast::error_code written, std::size_t) {
        if ((error = written)) return;
        http::async_read(stream, buffer, response, [&](beast::error_code read, std::size_t) { error = read; });
      });
    });
    io_.run();
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  io_.restart();
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

}  // namespace products::adapters::telemetry
