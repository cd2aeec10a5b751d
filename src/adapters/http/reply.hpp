#pragma once

#include <atomic>
#include <functional>

#include "adapters/http/http_message.hpp"

namespace products::adapters::http {

// The way a handler answers, possibly later and from any thread (a Kafka delivery callback, a
// WorkPool thread). Only the first answer counts. A Reply dropped without an answer sends a 500,
// so that a lost callback can never leave a client (and its pipelined requests) waiting forever.
class Reply {
 public:
  using Send = std::function<void(Response&&)>;

  explicit Reply(Send send);
  Reply(Reply&& other) noexcept;
  Reply& operator=(Reply&&) = delete;
  ~Reply();

  void operator()(Response response);

 private:
  Send send_;
  std::atomic<bool> answered_{false};
};

}  // namespace products::adapters::http
