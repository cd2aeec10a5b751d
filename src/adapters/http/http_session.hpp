#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "adapters/http/handler.hpp"
#include "adapters/http/http_config.hpp"
#include "adapters/http/session.hpp"
#include "adapters/http/session_registry.hpp"

namespace products::adapters::http {

// One connection, plaintext (beast::tcp_stream) or TLS (beast::ssl_stream), served asynchronously
// on its own strand. Requests are read ahead while fewer than `max_pipelined` answers are pending;
// answers may arrive in any order, from any thread, and are written in request order.
template <class Stream>
class HttpSession final : public Session {
 public:
  HttpSession(Stream stream, const HttpConfig& config, const Handler& handler,
              std::shared_ptr<SessionRegistry> registry);

  void start() override;
  void deliver(std::uint64_t sequence, Response response) override;
  void shutdown() override;
  void close() override;

 private:
  using Clock = std::chrono::steady_clock;

  // A request read and not yet fully answered.
  struct Exchange {
    std::uint64_t sequence = 0;
    std::string method;
    std::string target;
    Clock::time_point started;
    bool keep_alive = false;
    std::optional<Response> response;
  };

  void read_next();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_read(boost::beast::error_code ec);
  void on_read_error(boost::beast::error_code ec);
  void answer_locally(boost::beast::http::status status, std::string_view message);
  void on_response(std::uint64_t sequence, Response response);
  void write_next();
  void on_write(boost::beast::error_code ec);
  // Closes once no answer is owed and no request is arriving, if no more requests will be read.
  void finish_when_done();
  void finish();
  void discard_input();
  void close_now();
  Reply reply_for(std::uint64_t sequence);
  std::shared_ptr<HttpSession> self();
  boost::beast::tcp_stream& socket_layer() { return boost::beast::get_lowest_layer(stream_); }

  Stream stream_;
  boost::asio::any_io_executor strand_;
  const HttpConfig& config_;
  const Handler& handler_;
  std::shared_ptr<SessionRegistry> registry_;

  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  std::deque<Exchange> exchanges_;
  std::uint64_t next_sequence_ = 0;
  Clock::time_point read_deadline_;
  Clock::time_point request_started_;
  std::array<char, 4096> discarded_{};

  bool reading_ = false;
  bool writing_ = false;
  bool no_more_reads_ = false;  // the client, an error or the server's stop ended the request stream
  bool closing_ = false;        // the last response is decided; no request is dispatched any more
  bool finishing_ = false;      // the close sequence (TLS shutdown, discarding input) has begun
  bool unread_input_ = false;   // an error response left part of a request unread
  bool closed_ = false;
};

using PlainSession = HttpSession<boost::beast::tcp_stream>;
using TlsSession = HttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

extern template class HttpSession<boost::beast::tcp_stream>;
extern template class HttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace products::adapters::http
