#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <thread>

#include <ctime>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace products::bench {

// An OTLP/HTTP trace receiver that only counts: it takes POST /v1/traces on 127.0.0.1, counts the
// spans in the protobuf body and answers 200 at once, on a thread of its own. A traced instance
// exporting here sends every span over a real socket as it would to a collector, but the
// collector's own work (Jaeger's is 8 µs a span) does not come out of this machine's two cores:
// what is left is the service's cost of tracing, as with a collector on another machine.
class OtlpSpanCounter {
 public:
  explicit OtlpSpanCounter(unsigned short port);
  ~OtlpSpanCounter();
  OtlpSpanCounter(const OtlpSpanCounter&) = delete;
  OtlpSpanCounter& operator=(const OtlpSpanCounter&) = delete;

  std::uint64_t spans() const noexcept { return spans_.load(std::memory_order_relaxed); }
  std::uint64_t requests() const noexcept { return requests_.load(std::memory_order_relaxed); }
  // Bodies that were not an ExportTraceServiceRequest (answered 400).
  std::uint64_t rejected() const noexcept { return rejected_.load(std::memory_order_relaxed); }
  // CPU seconds its thread has used.
  double cpu_seconds() const;

  // The spans in an ExportTraceServiceRequest (resource_spans → scope_spans → spans, fields 1, 2, 2),
  // walked with protobuf's wire reader without decoding them; nullopt when the bytes are not
  // well-formed protobuf.
  static std::optional<std::uint64_t> count_spans(std::string_view body);

 private:
  void accept();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<std::uint64_t> spans_{0};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::thread thread_;
  clockid_t cpu_clock_{};
};

}  // namespace products::bench
