#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <gtest/gtest.h>

#include "adapters/http/http_server.hpp"
#include "adapters/http/responses.hpp"
#include "rest_fixture.hpp"
#include "support/test_env.hpp"
#include "test_client.hpp"

namespace products::adapters::http::testing {
namespace {

using namespace std::chrono_literals;
using beast_http::field;
using beast_http::status;
using beast_http::verb;
using products::testing::wait_until;

class HttpServerTest : public RestFixture {
 protected:
  void start_server(HttpConfig config, Handler handler = {}) {
    config.host = "127.0.0.1";
    config.port = 0;
    server_config_ = std::move(config);
    server_ = std::make_unique<HttpServer>(server_config_, handler ? std::move(handler) : api_.handler());
    server_->start();
  }
  void start_server() { start_server(test_config()); }

  TestClient connect() { return TestClient(server_->port()); }

  HttpConfig server_config_;
  std::unique_ptr<HttpServer> server_;
};

Response text(std::string body) {
  Response response{status::ok, 11};
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

// Answers /held/... later, when the test says so; everything else at once with its target.
class HoldingHandler {
 public:
  Handler handler() {
    return [this](const Request& request, Reply reply) {
      std::lock_guard lock(mutex_);
      ++calls_;
      if (request.target().starts_with("/held")) {
        held_.emplace_back(std::string(request.target()), std::move(reply));
      } else {
        reply(text(std::string(request.target())));
      }
    };
  }
  std::size_t calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t held() {
    std::lock_guard lock(mutex_);
    return held_.size();
  }
  // Answers the held requests from another thread, most recent first; returns how many.
  std::size_t answer_all() {
    std::vector<std::pair<std::string, Reply>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    const auto count = held.size();
    std::thread([held = std::move(held)]() mutable {
      for (auto it = held.rbegin(); it != held.rend(); ++it) it->second(text(it->first));
    }).join();
    return count;
  }

 private:
  std::mutex mutex_;
  std::size_t calls_ = 0;
  std::vector<std::pair<std::string, Reply>> held_;
};

Request get(std::string target) { return make_request(verb::get, std::move(target)); }

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start_server();
  auto client = connect();
  for (int i = 0; i < 2; ++i) {
    const auto response = client.request(get("/healthz"));
    EXPECT_EQ(response.result(), status::ok);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(json_of(response).at("status").as_string(), "ok");
  }
}

TEST_F(HttpServerTest, HeadSendsTheGetsHeadersAndNoBody) {
  start_server();
  auto client = connect();
  const auto get_response = client.request(get("/healthz"));
  client.send(make_request(verb::head, "/healthz"));
  const auto head = client.receive_head();
  EXPECT_EQ(head.result(), status::ok);
  EXPECT_EQ(head[field::content_length], std::to_string(get_response.body().size()));
  EXPECT_EQ(head[field::content_type], "application/json");
  // Nothing follows the header but the next answer on the same connection.
  const auto after = client.request(get("/healthz"));
  EXPECT_EQ(after.result(), status::ok);
  EXPECT_EQ(json_of(after).at("status").as_string(), "ok");
  EXPECT_EQ(client.pending(), 0u);
}

TEST_F(HttpServerTest, ClientAskingToCloseGetsTheConnectionClosed) {
  start_server();
  auto client = connect();
  auto request = get("/healthz");
  request.keep_alive(false);
  const auto response = client.request(request);
  EXPECT_EQ(response.result(), status::ok);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, PipelinedAnswersKeepRequestOrder) {
  HoldingHandler handler;
  start_server(test_config(), handler.handler());
  auto client = connect();
  client.send_raw("GET /held/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /held/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                  "GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(wait_until([&] { return handler.calls() == 3; }, 5s));
  // /now is answered, but must wait behind /held/1 and /held/2.
  EXPECT_FALSE(wait_until([&] { return client.pending() > 0; }, 200ms));
  handler.answer_all();
  for (const auto* expected : {"/held/1", "/held/2", "/now"}) {
    const auto response = client.receive();
    EXPECT_EQ(response.body(), expected);
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST_F(HttpServerTest, PipeliningReadsAheadOnlyUpToTheLimit) {
  HoldingHandler handler;
  auto config = test_config();
  config.max_pipelined = 2;
  start_server(config, handler.handler());
  auto client = connect();
  std::string requests;
  for (int i = 0; i < 5; ++i) requests += "GET /held/" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
  client.send_raw(requests);
  ASSERT_TRUE(wait_until([&] { return handler.calls() == 2; }, 5s));
  EXPECT_FALSE(wait_until([&] { return handler.calls() > 2; }, 200ms));
  // Each answered batch lets the server read the next ones.
  for (std::size_t received = 0; received < 5;) {
    ASSERT_TRUE(wait_until([&] { return handler.held() > 0; }, 5s));
    for (auto n = handler.answer_all(); n > 0; --n, ++received) {
      EXPECT_EQ(client.receive().body(), "/held/" + std::to_string(received));
    }
  }
  EXPECT_EQ(handler.calls(), 5u);
}

TEST_F(HttpServerTest, DeclaredBodyOverTheLimitIs413) {
  start_server();
  auto client = connect();
  client.send_raw("POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 3145728\r\n\r\n");
  const auto response = client.receive();
  EXPECT_EQ(response.result(), status::payload_too_large);
  EXPECT_EQ(json_of(response).at("status").as_int64(), 413);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(publisher_.published().empty());
}

TEST_F(HttpServerTest, SentBodyOverTheLimitIs413AndReadable) {
  start_server();
  auto client = connect();
  auto request = make_request(verb::post, "/api/v1/products", std::string(2 * 1024 * 1024 + 1, ' '));
  // The whole body is sent although the server answered after the header: it discards the rest
  // instead of resetting the connection under the client.
  client.send(request);
  const auto response = client.receive();
  EXPECT_EQ(response.result(), status::payload_too_large);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, BodyAtTheLimitIsRead) {
  start_server();
  auto client = connect();
  // Valid JSON padded with whitespace to exactly 2 MiB: it reaches the handler.
  std::string body = kValidBody;
  body.resize(2 * 1024 * 1024, ' ');
  const auto response = client.request(make_request(verb::post, "/api/v1/products", body));
  EXPECT_EQ(response.result(), status::accepted) << response.body();
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  start_server();
  auto client = connect();
  auto request = get("/healthz");
  request.set("X-Padding", std::string(20 * 1024, 'p'));
  const auto response = client.request(request);
  EXPECT_EQ(response.result(), status::request_header_fields_too_large);
  EXPECT_EQ(json_of(response).at("status").as_int64(), 431);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  start_server();
  auto client = connect();
  client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  const auto response = client.receive();
  EXPECT_EQ(response.result(), status::bad_request);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, ExpectContinueGetsAnInterimAnswer) {
  start_server();
  auto client = connect();
  const std::string body = kValidBody;
  client.send_raw("POST /api/v1/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(client.receive().result(), status::continue_);
  client.send_raw(body);
  EXPECT_EQ(client.receive().result(), status::accepted);
}

TEST_F(HttpServerTest, CreateIsAnswered202OnlyAfterTheAcknowledgement) {
  publisher_.set_mode(FakePublisher::Mode::Hold);
  start_server();
  auto client = connect();
  client.send(make_request(verb::post, "/api/v1/products", kValidBody));
  ASSERT_TRUE(wait_until([&] { return publisher_.held() == 1; }, 5s));
  EXPECT_FALSE(wait_until([&] { return client.pending() > 0; }, 200ms));
  // Meanwhile the I/O threads are free: another connection is served.
  EXPECT_EQ(connect().request(get("/healthz")).result(), status::ok);

  publisher_.settle();
  const auto response = client.receive();
  EXPECT_EQ(response.result(), status::accepted);
  EXPECT_TRUE(response.keep_alive());
  EXPECT_FALSE(response[field::location].empty());
}

TEST_F(HttpServerTest, ReadsRunOnTheWorkPool) {
  start_server();
  auto client = connect();
  EXPECT_EQ(client.request(get("/api/v1/products/65a1b2c3d4e5f60718293a4b")).result(), status::not_found);
  EXPECT_EQ(client.request(get("/api/v1/products/search?size=3")).result(), status::ok);
}

TEST_F(HttpServerTest, StopCompletesARequestInFlight) {
  publisher_.set_mode(FakePublisher::Mode::Hold);
  start_server();
  auto client = connect();
  client.send(make_request(verb::post, "/api/v1/products", kValidBody));
  ASSERT_TRUE(wait_until([&] { return publisher_.held() == 1; }, 5s));

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server_->stop(domain::Deadline::after(10s));
    stopped = true;
  });
  // No new connections while stopping.
  ASSERT_TRUE(wait_until([&] {
    try {
      return connect().closed_by_server();
    } catch (const boost::system::system_error&) {
      return true;  // refused
    }
  }, 5s));
  EXPECT_FALSE(stopped.load());

  publisher_.settle();
  const auto response = client.receive();
  EXPECT_EQ(response.result(), status::accepted);
  EXPECT_FALSE(response.keep_alive()) << "the last answer while stopping says Connection: close";
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(wait_until([&] { return stopped.load(); }, 5s));
  stopper.join();
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAtOnce) {
  start_server();
  auto client = connect();
  EXPECT_EQ(client.request(get("/healthz")).result(), status::ok);
  const auto started = std::chrono::steady_clock::now();
  server_->stop(domain::Deadline::after(10s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpServerTest, StopGivesUpAtTheDeadline) {
  publisher_.set_mode(FakePublisher::Mode::Hold);
  start_server();
  auto client = connect();
  client.send(make_request(verb::post, "/api/v1/products", kValidBody));
  ASSERT_TRUE(wait_until([&] { return publisher_.held() == 1; }, 5s));

  const auto started = std::chrono::steady_clock::now();
  server_->stop(domain::Deadline::after(300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_TRUE(client.closed_by_server());
  // The acknowledgement arrives after the server has stopped: it is dropped.
  publisher_.settle();
  server_.reset();
}

TEST_F(HttpServerTest, ConnectionsOverTheCapAreClosed) {
  auto config = test_config();
  config.max_connections = 1;
  start_server(config);
  auto first = connect();
  EXPECT_EQ(first.request(get("/healthz")).result(), status::ok);
  auto second = connect();
  EXPECT_TRUE(second.closed_by_server());
  EXPECT_EQ(first.request(get("/healthz")).result(), status::ok);
}

TEST_F(HttpServerTest, SlowRequestsAreCutOffByTheReadTimeout) {
  auto config = test_config();
  config.read_timeout = 200ms;
  start_server(config);
  auto client = connect();
  client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(HttpServerTest, TakenPortFailsAtConstruction) {
  start_server();
  auto config = test_config();
  config.host = "127.0.0.1";
  config.port = server_->port();
  EXPECT_THROW((HttpServer{config, api_.handler()}), std::runtime_error);
}

TEST_F(HttpServerTest, MissingCertificateFailsAtConstruction) {
  auto config = test_config();
  config.port = 0;
  config.tls_cert_file = "/nonexistent/cert.pem";
  config.tls_key_file = "/nonexistent/key.pem";
  EXPECT_THROW((HttpServer{config, api_.handler()}), std::runtime_error);
}

TEST_F(HttpServerTest, ServesHttpsWithACertificate) {
  const auto dir = std::filesystem::temp_directory_path() / products::testing::unique_name("http-tls");
  std::filesystem::create_directories(dir);
  const auto cert = (dir / "cert.pem").string();
  const auto key = (dir / "key.pem").string();
  const auto command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout " + key +
                       " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << "openssl is needed to make a test certificate";

  auto config = test_config();
  config.tls_cert_file = cert;
  config.tls_key_file = key;
  start_server(config);
  EXPECT_TRUE(server_->tls());

  boost::asio::io_context io;
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
  tls.set_verify_mode(boost::asio::ssl::verify_none);
  boost::beast::ssl_stream<boost::asio::ip::tcp::socket> stream(io, tls);
  stream.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  stream.handshake(boost::asio::ssl::stream_base::client);
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 2; ++i) {
    beast_http::write(stream, get("/healthz"));
    Response response;
    beast_http::read(stream, buffer, response);
    EXPECT_EQ(response.result(), status::ok);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace products::adapters::http::testing
