#include "adapters/http/http_session.hpp"

#include <algorithm>
#include <type_traits>

#include <boost/asio/defer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/http/responses.hpp"

namespace products::adapters::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

namespace {

// How long a closing connection waits for the client: to send the rest of a request left unread
// after an error response (closing earlier would reset the connection and could destroy the
// response before the client read it), or to answer the TLS close_notify.
constexpr std::chrono::seconds kCloseTimeout{2};

template <class Stream>
constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == beast_http::make_error_code(beast_http::error::bad_target).category();
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream stream, const HttpConfig& config, const Handler& handler,
                                 std::shared_ptr<SessionRegistry> registry)
    : stream_(std::move(stream)),
      strand_(stream_.get_executor()),
      config_(config),
      handler_(handler),
      registry_(std::move(registry)),
      continue_(beast_http::status::continue_, 11) {}

template <class Stream>
void HttpSession<Stream>::start() {
  net::dispatch(strand_, [self = self()] {
    if constexpr (kTls<Stream>) {
      self->socket_layer().expires_after(self->config_.read_timeout);
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (ec) {
          spdlog::debug("http: TLS handshake failed: {}", ec.message());
          self->close_now();
          return;
        }
        self->read_next();
      });
    } else {
      self->read_next();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::deliver(std::uint64_t sequence, Response response) {
  // Deferred: an answer given on an I/O thread (a cache hit) is then written by that thread
  // instead of waking another one; from any other thread it is the same as a post.
  net::defer(strand_, [self = self(), sequence, response = std::move(response)]() mutable {
    self->on_response(sequence, std::move(response));
  });
}

template <class Stream>
void HttpSession<Stream>::shutdown() {
  net::dispatch(strand_, [self = self()] {
    if (self->closed_ || self->closing_) return;
    self->no_more_reads_ = true;
    self->finish_when_done();
  });
}

template <class Stream>
void HttpSession<Stream>::close() {
  net::dispatch(strand_, [self = self()] { self->close_now(); });
}

template <class Stream>
std::shared_ptr<HttpSession<Stream>> HttpSession<Stream>::self() {
  return std::static_pointer_cast<HttpSession>(shared_from_this());
}

template <class Stream>
void HttpSession<Stream>::read_next() {
  if (reading_ || closing_ || closed_) return;
  if (registry_->stopping()) no_more_reads_ = true;
  if (no_more_reads_) {
    finish_when_done();
    return;
  }
  if (exchanges_.size() >= std::max<std::size_t>(config_.max_pipelined, 1)) return;
  parser_.emplace();
  parser_->body_limit(config_.body_limit_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(config_.header_limit_bytes));
  read_deadline_ = Clock::now() + config_.read_timeout;
  socket_layer().expires_at(read_deadline_);
  reading_ = true;
  beast_http::async_read_header(stream_, buffer_, *parser_,
                                [self = self()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

template <class Stream>
void HttpSession<Stream>::on_header(beast::error_code ec) {
  if (closing_ || closed_) {
    reading_ = false;
    if (!closed_) finish();
    return;
  }
  if (ec) {
    reading_ = false;
    on_read_error(ec);
    return;
  }
  request_started_ = Clock::now();
  // Clients such as curl wait for "100 Continue" before sending a larger body. It may only be sent
  // when no earlier answer is still owed on this connection; otherwise the client sends on its own
  // after a short wait.
  if (beast::iequals(parser_->get()[beast_http::field::expect], "100-continue") && exchanges_.empty() && !writing_) {
    writing_ = true;
    socket_layer().expires_after(config_.write_timeout);
    beast_http::async_write(stream_, continue_, [self = self()](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (ec) {
        self->close_now();
        return;
      }
      self->read_body();
    });
    return;
  }
  read_body();
}

template <class Stream>
void HttpSession<Stream>::read_body() {
  if (closed_) return;
  socket_layer().expires_at(read_deadline_);
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = self()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec) {
  reading_ = false;
  if (closing_ || closed_) {
    // Never dispatched, so the client may safely send it again on a new connection.
    if (!closed_) finish();
    return;
  }
  if (ec) {
    on_read_error(ec);
    return;
  }
  const auto request = parser_->release();
  Exchange exchange;
  exchange.sequence = next_sequence_++;
  exchange.method = std::string(request.method_string());
  exchange.target = std::string(request.target());
  exchange.started = request_started_;
  exchange.keep_alive = request.keep_alive();
  if (!exchange.keep_alive) no_more_reads_ = true;
  exchanges_.push_back(std::move(exchange));
  try {
    handler_(request, reply_for(exchanges_.back().sequence));
  } catch (...) {
    // Unless the handler passed its Reply on, the Reply was destroyed unanswered while unwinding
    // and has sent a 500.
    spdlog::error("http: the handler for {} {} threw", exchanges_.back().method, exchanges_.back().target);
  }
  read_next();
}

template <class Stream>
void HttpSession<Stream>::on_read_error(beast::error_code ec) {
  if (ec == beast_http::error::end_of_stream) {
    no_more_reads_ = true;
    finish_when_done();
  } else if (ec == beast_http::error::body_limit) {
    answer_locally(beast_http::status::payload_too_large,
                   fmt::format("request body exceeds {} bytes", config_.body_limit_bytes));
  } else if (ec == beast_http::error::header_limit) {
    answer_locally(beast_http::status::request_header_fields_too_large,
                   fmt::format("request header exceeds {} bytes", config_.header_limit_bytes));
  } else if (is_parse_error(ec) && ec != beast_http::error::partial_message) {
    answer_locally(beast_http::status::bad_request, "malformed HTTP request: " + ec.message());
  } else {
    // Timeout, reset, or a client gone in the middle of a request: nobody to answer.
    spdlog::debug("http: connection closed while reading: {}", ec.message());
    close_now();
  }
}

template <class Stream>
void HttpSession<Stream>::answer_locally(beast_http::status status, std::string_view message) {
  no_more_reads_ = true;
  unread_input_ = true;
  Exchange exchange;
  exchange.sequence = next_sequence_++;
  exchange.method = std::string(parser_->get().method_string());
  exchange.target = std::string(parser_->get().target());
  exchange.started = Clock::now();
  exchange.response = error_response(status, message);
  if (config_.observer) {
    // No route was looked for: the request was not read whole.
    config_.observer->answered(beast_http::to_string(parser_->get().method()), RequestObserver::kUnmatched,
                               static_cast<unsigned>(status), Clock::now() - exchange.started);
  }
  exchanges_.push_back(std::move(exchange));
  write_next();
}

template <class Stream>
Reply HttpSession<Stream>::reply_for(std::uint64_t sequence) {
  return Reply([registry = registry_, session = weak_from_this(), sequence](Response&& response) {
    registry->deliver(session, sequence, std::move(response));
  });
}

template <class Stream>
void HttpSession<Stream>::on_response(std::uint64_t sequence, Response response) {
  if (closed_) return;
  const auto it = std::find_if(exchanges_.begin(), exchanges_.end(),
                               [sequence](const Exchange& e) { return e.sequence == sequence; });
  if (it == exchanges_.end()) return;
  it->response = std::move(response);
  write_next();
}

template <class Stream>
void HttpSession<Stream>::write_next() {
  if (writing_ || closing_ || closed_ || exchanges_.empty() || !exchanges_.front().response) return;
  if (registry_->stopping()) no_more_reads_ = true;
  auto& exchange = exchanges_.front();
  const bool request_arriving = reading_ && parser_->got_some();
  const bool more_requests = !no_more_reads_ || request_arriving || exchanges_.size() > 1;
  // Only the connection's last answer says "close": a client told so earlier would give up on
  // answers still to come, and could resend requests that were already done.
  const bool last = !exchange.keep_alive || !more_requests;
  exchange.response->keep_alive(!last);
  // HEAD's Content-Length is the GET's, which preparing the empty body would overwrite.
  if (exchange.method == "HEAD") {
    strip_body(*exchange.response);
  } else {
    exchange.response->prepare_payload();
  }
  closing_ = last;
  writing_ = true;
  socket_layer().expires_after(config_.write_timeout);
  beast_http::async_write(stream_, *exchange.response,
                          [self = self()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

template <class Stream>
void HttpSession<Stream>::on_write(beast::error_code ec) {
  writing_ = false;
  const auto exchange = std::move(exchanges_.front());
  exchanges_.pop_front();
  const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - exchange.started);
  spdlog::info("http {} {} {} {:.1f}ms{}", exchange.method, exchange.target, exchange.response->result_int(),
               elapsed.count(), ec ? " (not delivered: " + ec.message() + ")" : "");
  if (closed_) return;
  if (ec) {
    close_now();
  } else if (closing_) {
    finish();
  } else {
    write_next();
    read_next();
    finish_when_done();
  }
}

template <class Stream>
void HttpSession<Stream>::finish_when_done() {
  if (!no_more_reads_ || closed_ || writing_ || !exchanges_.empty()) return;
  // A request already arriving is still answered; an idle read is abandoned.
  if (reading_ && parser_->got_some()) return;
  finish();
}

template <class Stream>
void HttpSession<Stream>::finish() {
  closing_ = true;
  if (closed_ || finishing_) return;
  if (reading_) {
    // The read's handler calls back here once it has ended.
    socket_layer().cancel();
    return;
  }
  finishing_ = true;
  if constexpr (kTls<Stream>) {
    socket_layer().expires_after(kCloseTimeout);
    stream_.async_shutdown([self = self()](beast::error_code) { self->close_now(); });
  } else if (unread_input_) {
    beast::error_code ignored;
    socket_layer().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    socket_layer().expires_after(kCloseTimeout);
    discard_input();
  } else {
    close_now();
  }
}

template <class Stream>
void HttpSession<Stream>::discard_input() {
  socket_layer().async_read_some(net::buffer(discarded_), [self = self()](beast::error_code ec, std::size_t) {
    if (ec) {
      self->close_now();
    } else {
      self->discard_input();
    }
  });
}

template <class Stream>
void HttpSession<Stream>::close_now() {
  if (closed_) return;
  closed_ = true;
  closing_ = true;
  socket_layer().close();
  registry_->remove(this);
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace products::adapters::http
