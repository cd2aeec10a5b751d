#pragma once

#include <chrono>
#include <string_view>

namespace products::adapters::grpc {

// What the server tells the outside about each call (metrics live elsewhere), in the terms of
// go-grpc-prometheus: `type` is unary, client_stream, server_stream or bidi_stream, `code` the
// status code's name (OK, NotFound, ...). Called from gRPC's threads and the WorkPool's.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void started(std::string_view service, std::string_view method, std::string_view type) = 0;
  virtual void handled(std::string_view service, std::string_view method, std::string_view type, std::string_view code,
                       std::chrono::nanoseconds took) = 0;
};

}  // namespace products::adapters::grpc
