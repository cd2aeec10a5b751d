#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <boost/beast/http/verb.hpp>

#include "latency_stats.hpp"

namespace products::bench {

struct HttpRequestSpec {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;
  std::string body;  // sent as application/json when not empty
};

struct HttpLoadResult {
  std::map<int, std::uint64_t> statuses;  // answers within the window, by status
  std::uint64_t errors = 0;               // connections that failed or timed out
  std::string first_error;
  double seconds = 0;
  LatencyStats latency;  // every answer within the window, whatever its status

  std::uint64_t count(int status) const;
  std::uint64_t answered() const;
  double rate(int status) const { return seconds > 0 ? static_cast<double>(count(status)) / seconds : 0; }
  // "12 x 503, 1 network error": what was not the expected answer, for the report.
  std::string unexpected(int expected_status) const;
};

// A closed-loop HTTP/1.1 load generator on Boost.Beast: `connections` keep-alive connections on one
// thread, each sending its next request as soon as it has read the previous answer. The window
// ends after `duration` or when the source runs dry; answers that arrive later are not counted,
// and no request waits longer than `request_timeout`. A server that answers nothing for as long
// ends the run early, with the failures counted in `errors`.
class HttpLoad {
 public:
  // The request to send as number `seq` (0, 1, …), or nullopt when there are no more.
  using Source = std::function<std::optional<HttpRequestSpec>(std::uint64_t seq)>;

  HttpLoad(std::string host, int port, std::chrono::milliseconds request_timeout = std::chrono::seconds(30))
      : host_(std::move(host)), port_(port), request_timeout_(request_timeout) {}

  // `per_second` > 0 caps the rate: request number n is sent no earlier than n / per_second after
  // the start, so that a soak can offer a load the system can sustain.
  HttpLoadResult run(int connections, std::chrono::milliseconds duration, const Source& source,
                     double per_second = 0) const;
  // One request on one connection.
  HttpLoadResult once(const HttpRequestSpec& spec) const;
  // Polls GET /readyz until it answers 200; std::runtime_error when it has not within `timeout`.
  void wait_ready(std::chrono::seconds timeout) const;

  // The same request over and over.
  static Source repeat(HttpRequestSpec spec);

 private:
  std::string host_;
  int port_;
  std::chrono::milliseconds request_timeout_;
};

}  // namespace products::bench
