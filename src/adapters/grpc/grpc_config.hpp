#pragma once

#include <chrono>
#include <string>

#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::grpc {

struct GrpcConfig {
  std::string address = "0.0.0.0:5555";  // port 0 picks a free port (tests)
  // TLS when both are set; plaintext when both are empty.
  std::string cert_file;
  std::string key_file;
  // A call gets the client's deadline, but never more than this: a client without a deadline
  // must not hold a worker thread forever.
  std::chrono::milliseconds max_deadline{5000};
  int max_receive_message_bytes = 4 * 1024 * 1024;
  // Starts each ProductsService call's server span, when given; must outlive the server.
  const telemetry::Tracer* tracer = nullptr;
};

}  // namespace products::adapters::grpc
