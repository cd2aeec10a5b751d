#include "otlp_span_counter.hpp"

#include <memory>
#include <stdexcept>
#include <utility>

#include <pthread.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace products::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

// Calls `each` with every submessage numbered `wanted` of the message `in` is limited to, with
// `in` limited to that submessage; false when the bytes are not well-formed protobuf.
template <typename Each>
bool for_each_field(CodedInputStream& in, std::uint32_t wanted, Each&& each) {
  while (const auto tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) != wanted ||
        WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&in, tag)) return false;
      continue;
    }
    std::uint32_t length = 0;
    if (!in.ReadVarint32(&length)) return false;
    const auto limit = in.PushLimit(static_cast<int>(length));
    if (!each(in) || in.BytesUntilLimit() != 0) return false;
    in.PopLimit(limit);
  }
  return in.ConsumedEntireMessage();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(asio::ip::tcp::socket socket, std::atomic<std::uint64_t>& spans, std::atomic<std::uint64_t>& requests,
          std::atomic<std::uint64_t>& rejected)
      : stream_(std::move(socket)), spans_(spans), requests_(requests), rejected_(rejected) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->answer();
    });
  }

 private:
  void answer() {
    const auto request = parser_->release();
    requests_.fetch_add(1, std::memory_order_relaxed);
    const auto spans = count(request);
    if (spans) spans_.fetch_add(*spans, std::memory_order_relaxed);
    else rejected_.fetch_add(1, std::memory_order_relaxed);
    response_ = {spans ? http::status::ok : http::status::bad_request, request.version()};
    // An empty ExportTraceServiceResponse: everything accepted.
    response_.set(http::field::content_type, "application/x-protobuf");
    response_.keep_alive(request.keep_alive());
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec && self->response_.keep_alive()) self->read();
    });
  }

  static std::optional<std::uint64_t> count(const http::request<http::string_body>& request) {
    if (request.method() != http::verb::post || request.target() != "/v1/traces") return std::nullopt;
    return OtlpSpanCounter::count_spans(request.body());
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::empty_body> response_;
  std::atomic<std::uint64_t>& spans_;
  std::atomic<std::uint64_t>& requests_;
  std::atomic<std::uint64_t>& rejected_;
};

}  // namespace

std::optional<std::uint64_t> OtlpSpanCounter::count_spans(std::string_view body) {
  CodedInputStream in(reinterpret_cast<const std::uint8_t*>(body.data()), static_cast<int>(body.size()));
  std::uint64_t spans = 0;
  const auto count = [&spans](CodedInputStream& span) { return ++spans, span.Skip(span.BytesUntilLimit()); };
  const bool well_formed = for_each_field(in, 1, [&](CodedInputStream& resource_spans) {
    return for_each_field(resource_spans, 2, [&](CodedInputStream& scope_spans) {
      return for_each_field(scope_spans, 2, count);
    });
  });
  if (!well_formed) return std::nullopt;
  return spans;
}

OtlpSpanCounter::OtlpSpanCounter(unsigned short port)
    : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), port}) {
  accept();
  thread_ = std::thread([this] { io_.run(); });
  if (pthread_getcpuclockid(thread_.native_handle(), &cpu_clock_) != 0) {
    io_.stop();
    thread_.join();
    throw std::runtime_error("the span counter's thread has no CPU clock");
  }
}

OtlpSpanCounter::~OtlpSpanCounter() {
  io_.stop();
  thread_.join();
}

double OtlpSpanCounter::cpu_seconds() const {
  timespec used{};
  if (clock_gettime(cpu_clock_, &used) != 0) throw std::runtime_error("the span counter's CPU clock is gone");
  return static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9;
}

void OtlpSpanCounter::accept() {
  acceptor_.async_accept([this](beast::error_code ec, asio::ip::tcp::socket socket) {
    if (ec) return;
    std::make_shared<Session>(std::move(socket), spans_, requests_, rejected_)->read();
    accept();
  });
}

}  // namespace products::bench
