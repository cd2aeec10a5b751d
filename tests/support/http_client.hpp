#pragma once

#include <map>
#include <string>

namespace products::testing {

struct HttpResult {
  int status = 0;  // 0 when the request failed on the network
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;
};

// A blocking one-request-per-connection HTTP/1.1 client for tests (Boost.Beast), over TLS when
// `ca_file` names the CA to trust.
class HttpClient {
 public:
  HttpClient(std::string host, int port, std::string ca_file = {});
  // For a plain "http://host:port" base URL, as .local/stack.env writes them.
  static HttpClient for_url(const std::string& url);

  HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                     std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}}) const;
  HttpResult get(const std::string& target) const { return request("GET", target, {}, {}); }

 private:
  std::string host_;
  int port_;
  std::string ca_file_;
};

}  // namespace products::testing
