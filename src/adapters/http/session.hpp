#pragma once

#include <cstdint>
#include <memory>

#include "adapters/http/http_message.hpp"

namespace products::adapters::http {

// One client connection, as HttpServer and its SessionRegistry see it. Every call may come from
// any thread; the session moves it onto its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  virtual ~Session() = default;

  virtual void start() = 0;
  // The answer to the request numbered `sequence` on this connection; written in request order.
  virtual void deliver(std::uint64_t sequence, Response response) = 0;
  // Read no further requests, answer those already read, then close.
  virtual void shutdown() = 0;
  virtual void close() = 0;
};

}  // namespace products::adapters::http
