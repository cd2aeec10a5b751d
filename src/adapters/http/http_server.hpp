#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "adapters/http/handler.hpp"
#include "adapters/http/http_config.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::http {

// The REST server: Boost.Beast over one io_context run by `io_threads` threads, one asynchronous
// session per connection, HTTPS when the config names a certificate and key. See HttpConfig for
// the limits it enforces.
class HttpServer {
 public:
  // Loads the TLS files and binds the address at once, so that start-up fails on a bad file or
  // a taken port (std::runtime_error naming it). `handler` is called on I/O threads.
  HttpServer(HttpConfig config, Handler handler);
  // Runs on `io` (its threads are this server's I/O threads), shared with asynchronous clients
  // that answer requests on the same threads; the last owner destroys it.
  HttpServer(HttpConfig config, Handler handler, std::shared_ptr<boost::asio::io_context> io);
  // Stops (with no grace period) if stop() was not called.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();
  // Stops accepting, answers the requests already read (each final response says
  // `Connection: close`, idle connections close at once), waits for them until `deadline`, then
  // closes what is left and joins the I/O threads. Answers arriving later are dropped.
  void stop(domain::Deadline deadline);

  // The bound port: the configured one, or the one the system chose for port 0.
  std::uint16_t port() const;
  bool tls() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace products::adapters::http
