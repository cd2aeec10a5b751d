#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace products::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

namespace {

template <typename Stream>
HttpResult exchange(Stream& stream, http::request<http::string_body>& request) {
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  auto response = parser.release();
  HttpResult result;
  result.status = response.result_int();
  for (const auto& field : response) result.headers[std::string(field.name_string())] = std::string(field.value());
  result.body = std::move(response.body());
  return result;
}

}  // namespace

HttpClient::HttpClient(std::string host, int port, std::string ca_file)
    : host_(std::move(host)), port_(port), ca_file_(std::move(ca_file)) {}

HttpClient HttpClient::for_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto authority = url.substr(scheme == std::string::npos ? 0 : scheme + 3);
  const auto colon = authority.rfind(':');
  return HttpClient(authority.substr(0, colon), std::stoi(authority.substr(colon + 1)));
}

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               std::map<std::string, std::string> headers) const {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(host_, std::to_string(port_));
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, host_);
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    if (ca_file_.empty()) {
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(30));
      stream.connect(endpoints);
      return exchange(stream, request);
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.load_verify_file(ca_file_);
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str());
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    return exchange(stream, request);
  } catch (const std::exception& e) {
    HttpResult failed;
    failed.error = e.what();
    return failed;
  }
}

}  // namespace products::testing
