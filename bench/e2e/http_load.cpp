#include "http_load.hpp"

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

namespace products::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

std::uint64_t HttpLoadResult::count(int status) const {
  const auto found = statuses.find(status);
  return found == statuses.end() ? 0 : found->second;
}

std::uint64_t HttpLoadResult::answered() const {
  std::uint64_t total = 0;
  for (const auto& [status, n] : statuses) total += n;
  return total;
}

std::string HttpLoadResult::unexpected(int expected_status) const {
  std::string out;
  for (const auto& [status, n] : statuses) {
    if (status != expected_status) out += fmt::format("{}{} x {}", out.empty() ? "" : ", ", n, status);
  }
  if (errors) out += fmt::format("{}{} network errors ({})", out.empty() ? "" : ", ", errors, first_error);
  return out.empty() ? "none" : out;
}

HttpLoadResult HttpLoad::once(const HttpRequestSpec& spec) const {
  return run(1, request_timeout_, [&](std::uint64_t seq) -> std::optional<HttpRequestSpec> {
    if (seq > 0) return std::nullopt;
    return spec;
  });
}

void HttpLoad::wait_ready(std::chrono::seconds timeout) const {
  const auto until = Clock::now() + timeout;
  while (once({http::verb::get, "/readyz", {}}).count(200) == 0) {
    if (Clock::now() > until) {
      throw std::runtime_error(fmt::format("the service on {}:{} is not ready in {} s", host_, port_, timeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

HttpLoad::Source HttpLoad::repeat(HttpRequestSpec spec) {
  return [spec = std::move(spec)](std::uint64_t) { return std::optional<HttpRequestSpec>(spec); };
}

namespace {

// What the connections of one run share; only the io_context's thread touches it.
struct LoadState {
  LoadState(const HttpLoad::Source& source, asio::ip::tcp::endpoint endpoint, std::string host,
            std::chrono::milliseconds request_timeout, Clock::time_point started, std::chrono::milliseconds duration,
            double per_second)
      : source(source),
        endpoint(std::move(endpoint)),
        host(std::move(host)),
        request_timeout(request_timeout),
        started(started),
        window_end(started + duration),
        interval(per_second > 0 ? std::chrono::duration<double>(1.0 / per_second) : std::chrono::duration<double>(0)),
        last_answer(started) {}

  const HttpLoad::Source& source;
  asio::ip::tcp::endpoint endpoint;
  std::string host;
  std::chrono::milliseconds request_timeout;
  Clock::time_point started;
  Clock::time_point window_end;
  std::chrono::duration<double> interval;  // between request slots; 0: as fast as answers come
  std::uint64_t next_seq = 0;
  bool dry = false;
  Clock::time_point last_answer;
  HttpLoadResult result;
  std::vector<double> latencies;

  bool open() const { return !dry && Clock::now() < window_end; }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, LoadState& state) : state_(state), stream_(io), retry_(io) {}

  void start() {
    if (!state_.open()) return;
    stream_.expires_after(state_.request_timeout);
    stream_.async_connect(state_.endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail(ec);
      self->send();
    });
  }

 private:
  void send() {
    if (!state_.open()) return close();
    const auto seq = state_.next_seq++;
    const auto slot = state_.started + std::chrono::duration_cast<Clock::duration>(state_.interval * seq);
    if (slot <= Clock::now()) return send(seq);
    retry_.expires_at(slot);
    retry_.async_wait([self = shared_from_this(), seq](beast::error_code) {
      if (!self->state_.open()) return self->close();
      self->send(seq);
    });
  }

  void send(std::uint64_t seq) {
    auto spec = state_.source(seq);
    if (!spec) {
      state_.dry = true;
      return close();
    }
    request_ = {spec->method, spec->target, 11};
    request_.set(http::field::host, state_.host);
    request_.keep_alive(true);
    if (!spec->body.empty()) {
      request_.set(http::field::content_type, "application/json");
      request_.body() = std::move(spec->body);
    }
    request_.prepare_payload();
    sent_at_ = Clock::now();
    stream_.expires_after(state_.request_timeout);
    http::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec);
      self->response_ = {};
      http::async_read(self->stream_, self->buffer_, self->response_,
                       [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) return fail(ec);
    const auto now = Clock::now();
    if (now <= state_.window_end) {
      ++state_.result.statuses[response_.result_int()];
      state_.latencies.push_back(std::chrono::duration<double, std::milli>(now - sent_at_).count());
      state_.last_answer = now;
    }
    if (!response_.keep_alive()) {
      close();
      return start();
    }
    send();
  }

  void fail(beast::error_code ec) {
    const auto now = Clock::now();
    if (now <= state_.window_end) {
      if (state_.result.errors++ == 0) state_.result.first_error = ec.message();
    }
    // A server that has answered nothing for a whole request timeout is gone: end the run rather
    // than retry until the window closes.
    if (now - state_.last_answer > state_.request_timeout) state_.dry = true;
    close();
    if (!state_.open()) return;
    // A refused or broken connection is retried, paced so that a dead server is not spun on.
    retry_.expires_after(std::chrono::milliseconds(10));
    retry_.async_wait([self = shared_from_this()](beast::error_code) { self->start(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
    buffer_.clear();
  }

  LoadState& state_;
  beast::tcp_stream stream_;
  asio::steady_timer retry_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  Clock::time_point sent_at_;
};

}  // namespace

HttpLoadResult HttpLoad::run(int connections, std::chrono::milliseconds duration, const Source& source,
                             double per_second) const {
  asio::io_context io;
  const auto started = Clock::now();
  LoadState state(source, {asio::ip::make_address(host_), static_cast<unsigned short>(port_)}, host_,
                  request_timeout_, started, duration, per_second);
  for (int i = 0; i < connections; ++i) std::make_shared<Connection>(io, state)->start();
  io.run();
  state.result.seconds = std::chrono::duration<double>(
                             (state.dry ? state.last_answer : std::min(state.window_end, Clock::now())) - started)
                             .count();
  state.result.latency = LatencyStats(std::move(state.latencies));
  return std::move(state.result);
}

}  // namespace products::bench
