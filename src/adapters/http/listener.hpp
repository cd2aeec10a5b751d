#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "adapters/http/handler.hpp"
#include "adapters/http/http_config.hpp"
#include "adapters/http/session_registry.hpp"

namespace products::adapters::http {

// Accepts connections and gives each one a session on its own strand; over the connection cap a
// connection is closed as soon as it is accepted.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens at once, so that a taken port fails here, at start-up. `tls` may be null.
  Listener(boost::asio::io_context& io, const HttpConfig& config, boost::asio::ssl::context* tls,
           const Handler& handler, std::shared_ptr<SessionRegistry> registry);

  std::uint16_t port() const;
  void start();
  // From any thread.
  void stop();

 private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  const HttpConfig& config_;
  boost::asio::ssl::context* tls_;
  const Handler& handler_;
  std::shared_ptr<SessionRegistry> registry_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  std::uint16_t port_ = 0;
  bool at_capacity_ = false;  // warn once per episode, not once per refused connection
};

}  // namespace products::adapters::http
