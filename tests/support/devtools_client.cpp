#include "support/devtools_client.hpp"

#include <stdexcept>

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace products::testing {

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;

struct DevToolsClient::Connection {
  asio::io_context io;
  websocket::stream<asio::ip::tcp::socket> ws{io};
};

DevToolsClient::DevToolsClient(const std::string& host, int port, const std::string& path)
    : connection_(std::make_unique<Connection>()) {
  asio::ip::tcp::resolver resolver(connection_->io);
  asio::connect(connection_->ws.next_layer(), resolver.resolve(host, std::to_string(port)));
  // A screenshot arrives as one message of several megabytes.
  connection_->ws.read_message_max(256 * 1024 * 1024);
  connection_->ws.handshake(host + ":" + std::to_string(port), path);
}

DevToolsClient::~DevToolsClient() {
  boost::system::error_code ignored;
  connection_->ws.close(websocket::close_code::normal, ignored);
}

boost::json::value DevToolsClient::call(const std::string& method, boost::json::object params,
                                        std::chrono::milliseconds timeout) {
  const auto id = next_id_++;
  connection_->ws.text(true);
  connection_->ws.write(asio::buffer(boost::json::serialize(
      boost::json::object{{"id", id}, {"method", method}, {"params", std::move(params)}})));
  // Each read gives up at the deadline: a browser that never answers fails the test.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("DevTools: no answer to " + method);
    const timeval wait{static_cast<time_t>(left.count() / 1000000), static_cast<suseconds_t>(left.count() % 1000000)};
    ::setsockopt(connection_->ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    connection_->ws.read(buffer, ec);
    if (ec) throw std::runtime_error("DevTools: reading the answer to " + method + ": " + ec.message());
    auto message = boost::json::parse(boost::beast::buffers_to_string(buffer.data())).as_object();
    if (!message.contains("id")) {
      events_.push_back(std::move(message));
      continue;
    }
    if (message.at("id").to_number<std::int64_t>() != id) continue;
    if (message.contains("error")) {
      throw std::runtime_error("DevTools: " + method + " failed: " + boost::json::serialize(message.at("error")));
    }
    return message["result"];
  }
}

boost::json::value DevToolsClient::evaluate(const std::string& expression) {
  const auto result = call("Runtime.evaluate",
                           {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
  if (const auto* thrown = result.as_object().if_contains("exceptionDetails")) {
    throw std::runtime_error("DevTools: the page threw: " + boost::json::serialize(*thrown));
  }
  const auto& value = result.at("result").as_object();
  return value.contains("value") ? value.at("value") : boost::json::value();
}

std::vector<boost::json::value> DevToolsClient::events(const std::string& method) const {
  std::vector<boost::json::value> matching;
  for (const auto& event : events_) {
    if (event.at("method").as_string() == method) matching.push_back(event.at("params"));
  }
  return matching;
}

}  // namespace products::testing
