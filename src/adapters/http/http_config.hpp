#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/http/request_observer.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::http {

// Settings of the REST server. Defaults are those of SPEC §3 and §10.
struct HttpConfig {
  std::string host = "0.0.0.0";
  std::uint16_t port = 5007;  // 0 picks a free port (tests); HttpServer::port() tells which
  std::size_t io_threads = 2;
  // Over the cap a new connection is accepted and closed at once: cheaper than answering 503
  // when the server is already overloaded, and clients see it as a plain connection failure.
  std::size_t max_connections = 10000;
  // Requests read ahead on one connection while earlier responses are still pending.
  std::size_t max_pipelined = 8;
  std::size_t body_limit_bytes = 2 * 1024 * 1024;
  std::size_t header_limit_bytes = 16 * 1024;
  // Covers one whole request (header and body), and the idle time between keep-alive requests.
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  // The domain::Deadline every request gets: Kafka acknowledgement, Redis and MongoDB reads.
  std::chrono::milliseconds request_timeout{5000};
  // PEM files (`make cert`); both empty means plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Served at /swagger/openapi.yaml; relative paths are taken from the working directory.
  std::string openapi_file = "api/openapi.yaml";
  // Swagger UI's files (scripts/swagger-ui.sh), served under /swagger/; relative to the working
  // directory as well.
  std::string swagger_ui_dir = ".local/swagger-ui";
  // Origins whose pages may call the API from a browser (CORS), or `*`; none by default.
  std::vector<std::string> cors_allowed_origins;
  // Hears of every answer, the router's and those the server gives itself (413, 431, malformed
  // requests, under route "unmatched"), when given; must outlive the server and the RestApi.
  RequestObserver* observer = nullptr;
  // Starts each routed request's server span, when given; must outlive the RestApi.
  const telemetry::Tracer* tracer = nullptr;
};

}  // namespace products::adapters::http
