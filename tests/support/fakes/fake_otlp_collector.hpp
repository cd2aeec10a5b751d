#pragma once

#include <atomic>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace products::testing {

// An OTLP/HTTP collector on loopback that answers every POST with 200 and counts the
// connections and requests it got, one connection at a time (an exporter keeps one). It can
// close each connection after its first answer without saying so, as a collector's idle timeout
// does between two batches.
class FakeOtlpCollector {
 public:
  explicit FakeOtlpCollector(bool close_after_answer = false) : close_after_answer_(close_after_answer) {
    thread_ = std::thread([this] { run(); });
  }
  ~FakeOtlpCollector() {
    stopping_ = true;
    // Wakes the blocking accept, which then sees stopping_.
    boost::asio::ip::tcp::socket wake(io_);
    boost::beast::error_code ignored;
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  FakeOtlpCollector(const FakeOtlpCollector&) = delete;
  FakeOtlpCollector& operator=(const FakeOtlpCollector&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }

 private:
  void run() {
    namespace http = boost::beast::http;
    while (true) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::beast::error_code error;
      acceptor_.accept(socket, error);
      if (error || stopping_) return;
      ++connections_;
      boost::beast::flat_buffer buffer;
      while (true) {
        http::request<http::string_body> request;
        http::read(socket, buffer, request, error);
        if (error) break;
        ++requests_;
        http::response<http::string_body> response{http::status::ok, request.version()};
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        http::write(socket, response, error);
        if (error || close_after_answer_) break;
      }
      socket.close(error);
    }
  }

  const bool close_after_answer_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace products::testing
