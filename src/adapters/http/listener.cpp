#include "adapters/http/listener.hpp"

#include <stdexcept>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/http/http_session.hpp"

namespace products::adapters::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using net::ip::tcp;

namespace {

// A failed accept (usually out of file descriptors) is retried after a pause, not in a busy loop.
constexpr std::chrono::milliseconds kAcceptRetry{100};

tcp::endpoint resolve(net::io_context& io, const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (!ec) return {address, port};
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error(fmt::format("http: cannot resolve host '{}': {}", host, ec.message()));
  }
  return results.begin()->endpoint();
}

}  // namespace

Listener::Listener(net::io_context& io, const HttpConfig& config, net::ssl::context* tls, const Handler& handler,
                   std::shared_ptr<SessionRegistry> registry)
    : io_(io),
      config_(config),
      tls_(tls),
      handler_(handler),
      registry_(std::move(registry)),
      acceptor_(net::make_strand(io)),
      retry_(acceptor_.get_executor()) {
  const auto endpoint = resolve(io, config.host, config.port);
  try {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(fmt::format("http: cannot listen on {}:{}: {}", config.host, config.port, e.what()));
  }
}

std::uint16_t Listener::port() const { return port_; }

void Listener::start() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void Listener::stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::accept() {
  acceptor_.async_accept(net::make_strand(io_),
                         [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                           self->on_accept(ec, std::move(socket));
                         });
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;
  if (ec) {
    spdlog::warn("http: accept failed: {}", ec.message());
    retry_.expires_after(kAcceptRetry);
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec && self->acceptor_.is_open()) self->accept();
    });
    return;
  }
  serve(std::move(socket));
  accept();
}

void Listener::serve(tcp::socket socket) {
  boost::system::error_code ignored;
  // Responses are written whole; Nagle's delay would only hold back the last segment.
  socket.set_option(tcp::no_delay(true), ignored);
  std::shared_ptr<Session> session;
  if (tls_) {
    session = std::make_shared<TlsSession>(beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls_), config_,
                                           handler_, registry_);
  } else {
    session = std::make_shared<PlainSession>(beast::tcp_stream(std::move(socket)), config_, handler_, registry_);
  }
  if (!registry_->add(session)) {
    // Dropping the session closes the connection.
    if (!at_capacity_ && !registry_->stopping()) {
      spdlog::warn("http: {} connections open, the cap; refusing new ones", config_.max_connections);
    }
    at_capacity_ = true;
    return;
  }
  at_capacity_ = false;
  session->start();
}

}  // namespace products::adapters::http
