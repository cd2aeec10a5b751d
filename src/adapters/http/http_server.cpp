#include "adapters/http/http_server.hpp"

#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include "adapters/http/listener.hpp"
#include "adapters/http/session_registry.hpp"

namespace products::adapters::http {

namespace net = boost::asio;

namespace {

// Time for sessions to act on a forced close before the I/O threads stop.
constexpr std::chrono::seconds kForcedCloseGrace{1};

std::optional<net::ssl::context> make_tls(const HttpConfig& config) {
  if (config.tls_cert_file.empty() && config.tls_key_file.empty()) return std::nullopt;
  if (config.tls_cert_file.empty() || config.tls_key_file.empty()) {
    throw std::runtime_error("http: TLS needs both tls_cert_file and tls_key_file");
  }
  net::ssl::context tls(net::ssl::context::tls_server);
  tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                  net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                  net::ssl::context::single_dh_use);
  try {
    tls.use_certificate_chain_file(config.tls_cert_file);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(fmt::format("http: cannot load tls_cert_file '{}': {}", config.tls_cert_file, e.what()));
  }
  try {
    tls.use_private_key_file(config.tls_key_file, net::ssl::context::pem);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(fmt::format("http: cannot load tls_key_file '{}': {}", config.tls_key_file, e.what()));
  }
  return tls;
}

}  // namespace

struct HttpServer::State {
  State(HttpConfig config_in, Handler handler_in, std::shared_ptr<net::io_context> io_in)
      : config(std::move(config_in)),
        handler(std::move(handler_in)),
        tls(make_tls(config)),
        io_owner(std::move(io_in)),
        io(*io_owner),
        work(io.get_executor()),
        registry(std::make_shared<SessionRegistry>(config.max_connections)),
        listener(std::make_shared<Listener>(io, config, tls ? &*tls : nullptr, handler, registry)) {}

  HttpConfig config;
  Handler handler;
  std::optional<net::ssl::context> tls;
  std::shared_ptr<net::io_context> io_owner;
  net::io_context& io;
  // Keeps the threads running while sessions only wait for answers (no socket operation pending).
  net::executor_work_guard<net::io_context::executor_type> work;
  std::shared_ptr<SessionRegistry> registry;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(HttpConfig config, Handler handler)
    : HttpServer(config, std::move(handler),
                 std::make_shared<net::io_context>(static_cast<int>(std::max<std::size_t>(config.io_threads, 1)))) {}

HttpServer::HttpServer(HttpConfig config, Handler handler, std::shared_ptr<net::io_context> io)
    : state_(std::make_unique<State>(std::move(config), std::move(handler), std::move(io))) {}

HttpServer::~HttpServer() { stop(domain::Deadline(domain::Deadline::Clock::now())); }

void HttpServer::start() {
  std::lock_guard lock(state_->lifecycle);
  if (state_->started || state_->stopped) return;
  state_->started = true;
  state_->listener->start();
  const auto count = std::max<std::size_t>(state_->config.io_threads, 1);
  for (std::size_t i = 0; i < count; ++i) {
    state_->threads.emplace_back([this] { state_->io.run(); });
    pthread_setname_np(state_->threads.back().native_handle(), "http-io");
  }
  spdlog::info("http: listening on {}:{} ({}, {} I/O threads)", state_->config.host, port(),
               tls() ? "https" : "plaintext http", count);
}

void HttpServer::stop(domain::Deadline deadline) {
  std::lock_guard lock(state_->lifecycle);
  if (state_->stopped) return;
  state_->stopped = true;
  auto& registry = *state_->registry;
  registry.begin_stopping();
  state_->listener->stop();
  for (const auto& session : registry.sessions()) session->shutdown();
  if (!registry.wait_empty_until(deadline.at())) {
    spdlog::warn("http: closing {} connections with requests still in flight", registry.size());
    for (const auto& session : registry.sessions()) session->close();
    registry.wait_empty_until(domain::Deadline::Clock::now() + kForcedCloseGrace);
  }
  state_->work.reset();
  state_->io.stop();
  for (auto& thread : state_->threads) thread.join();
  state_->threads.clear();
  // Released here, while their io_context still exists.
  registry.close();
  if (state_->started) spdlog::info("http: stopped");
}

std::uint16_t HttpServer::port() const { return state_->listener->port(); }

bool HttpServer::tls() const { return state_->tls.has_value(); }

}  // namespace products::adapters::http
