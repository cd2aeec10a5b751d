#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/deadline.hpp"
#include "usecase/operation_observer.hpp"

namespace products::adapters::redis {

struct RedisConfig {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::optional<std::string> password;
  int db = 0;
  std::size_t pool_size = 8;
  std::chrono::seconds ttl{3600};
  std::string key_prefix = "products:";
  std::chrono::milliseconds connect_timeout{500};
  // A cache call never takes more than this, whatever the request's deadline, so that a slow
  // Redis leaves the request enough time to read from MongoDB instead.
  std::chrono::milliseconds command_timeout{250};
  // After a failed connect, new connections are not tried for this long: while Redis is down,
  // requests fail over to MongoDB at once instead of each paying a connect attempt.
  std::chrono::milliseconds reconnect_backoff{500};
  // Per asynchronous connection: past this many commands awaiting an answer, more fail at once
  // rather than queue behind a Redis that has fallen behind.
  std::size_t max_in_flight = 1024;
  // Asynchronous connections shared by all I/O threads. One pipelines best: commands sent while an
  // answer is awaited go out together, so Redis wakes once per batch (measured: a cached GET ran
  // at ~0.65 of /healthz with one connection per I/O thread, ~0.8 with one in all).
  std::size_t async_connections = 1;
  // Hears of every command, synchronous or not, when given; must outlive the connections.
  usecase::OperationObserver* observer = nullptr;

  // A command's name as the observer reports it: "get", "set", ... (the code's commands only).
  static std::string operation_name(std::string_view command) {
    std::string name(command);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
  }

  // The deadline of one cache call: the request's, cut to command_timeout.
  domain::Deadline command_deadline(domain::Deadline request) const {
    return domain::Deadline(std::min(request.at(), domain::Deadline::after(command_timeout).at()));
  }
};

}  // namespace products::adapters::redis
