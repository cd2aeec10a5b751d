#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "adapters/http/http_message.hpp"

namespace products::adapters::http::testing {

// A blocking HTTP/1.1 client on one connection, with a receive timeout so that a test that waits
// for an answer that never comes fails instead of hanging.
class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    const timeval timeout{10, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  void send(const Request& request) { boost::beast::http::write(socket_, request); }
  void send_raw(std::string_view bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }

  Response receive() {
    Response response;
    boost::beast::http::read(socket_, buffer_, response);
    return response;
  }

  // The answer to a HEAD request, whose Content-Length announces a body that never comes.
  Response receive_head() {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.skip(true);
    boost::beast::http::read(socket_, buffer_, parser);
    return parser.release();
  }

  Response request(const Request& request) {
    send(request);
    return receive();
  }

  // Bytes the server has sent that were not read yet.
  std::size_t pending() {
    return buffer_.size() + socket_.available();
  }

  // Whether the server closed the connection (EOF or reset) with nothing more to read.
  bool closed_by_server() {
    if (buffer_.size() > 0) return false;
    char byte;
    boost::system::error_code ec;
    const auto n = socket_.read_some(boost::asio::buffer(&byte, 1), ec);
    return n == 0 && (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset);
  }

  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace products::adapters::http::testing
