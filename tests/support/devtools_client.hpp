#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace products::testing {

// A Chrome DevTools Protocol client on one target's WebSocket (ws://host:port/devtools/page/…),
// blocking, for tests that drive a real browser. Events arriving while a command waits for its
// answer are kept, in order, for events().
class DevToolsClient {
 public:
  DevToolsClient(const std::string& host, int port, const std::string& path);
  ~DevToolsClient();
  DevToolsClient(const DevToolsClient&) = delete;
  DevToolsClient& operator=(const DevToolsClient&) = delete;

  // The command's `result`; throws std::runtime_error on a protocol error or when no answer came
  // within `timeout`.
  boost::json::value call(const std::string& method, boost::json::object params = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // A JavaScript expression's value in the page (promises are awaited), as JSON.
  boost::json::value evaluate(const std::string& expression);
  // The `params` of every event named `method` received so far.
  std::vector<boost::json::value> events(const std::string& method) const;

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
  std::vector<boost::json::value> events_;
  std::int64_t next_id_ = 1;
};

}  // namespace products::testing
