#include "adapters/telemetry/otlp_proto_encoder.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace products::adapters::telemetry {

namespace {

// Field numbers of opentelemetry/proto/{collector/trace,trace,resource,common}/v1/*.proto.
namespace field {
constexpr int kResourceSpans = 1;  // ExportTraceServiceRequest
constexpr int kResource = 1, kScopeSpans = 2;  // ResourceSpans
constexpr int kResourceAttributes = 1;  // Resource
constexpr int kScope = 1, kSpans = 2;  // ScopeSpans
constexpr int kScopeName = 1, kScopeVersion = 2;  // InstrumentationScope
constexpr int kTraceId = 1, kSpanId = 2, kTraceState = 3, kParentSpanId = 4, kName = 5, kKind = 6,
              kStart = 7, kEnd = 8, kAttributes = 9, kEvents = 11, kStatus = 15;  // Span
constexpr int kEventTime = 1, kEventName = 2, kEventAttributes = 3;  // Span.Event
constexpr int kStatusMessage = 2, kStatusCode = 3;  // Status
constexpr int kKey = 1, kValue = 2;  // KeyValue
constexpr int kString = 1, kBool = 2, kInt = 3, kDouble = 4;  // AnyValue
}  // namespace field

enum Wire : std::uint8_t { kVarint = 0, kFixed64 = 1, kLength = 2 };

std::size_t varint_size(std::uint64_t value) {
  // One byte per started 7 bits: (bits + 6) / 7, with 0 taking one byte.
  return (static_cast<std::size_t>(std::bit_width(value | 1)) + 6) / 7;
}

std::uint64_t unix_nanos(std::chrono::system_clock::time_point time) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
}

// Every message is written twice over, in the same code: once by a Counter, for its length,
// and once by a Writer, straight into a buffer already sized for the whole request. No byte is
// moved after it is written and nothing checks a capacity on the way (the former encoder
// appended to strings and moved each span up behind its length prefix: a third of its time).
class Counter {
 public:
  void varint(std::uint64_t value) { size_ += varint_size(value); }
  void fixed64(std::uint64_t) { size_ += 8; }
  void bytes(std::string_view bytes) { size_ += bytes.size(); }
  void skip(std::size_t bytes) { size_ += bytes; }
  std::size_t size() const { return size_; }

 private:
  std::size_t size_ = 0;
};

class Writer {
 public:
  explicit Writer(char* at) : at_(at) {}
  void varint(std::uint64_t value) {
    for (; value >= 0x80; value >>= 7) *at_++ = static_cast<char>((value & 0x7f) | 0x80);
    *at_++ = static_cast<char>(value);
  }
  void fixed64(std::uint64_t value) {
    for (int i = 0; i < 8; ++i, value >>= 8) *at_++ = static_cast<char>(value & 0xff);
  }
  void bytes(std::string_view bytes) {
    std::memcpy(at_, bytes.data(), bytes.size());
    at_ += bytes.size();
  }
  char* at() const { return at_; }

 private:
  char* at_;
};

template <class Out>
void tag(Out& out, int number, Wire wire) {
  out.varint((static_cast<std::uint64_t>(number) << 3) | wire);
}

// The head of a length-delimited field whose `length` bytes follow.
template <class Out>
void length_head(Out& out, int number, std::size_t length) {
  tag(out, number, kLength);
  out.varint(length);
}

std::size_t length_field_size(int number, std::size_t length) {
  Counter head;
  length_head(head, number, length);
  return head.size() + length;
}

template <class Out>
void bytes_field(Out& out, int number, std::string_view bytes) {
  length_head(out, number, bytes.size());
  out.bytes(bytes);
}

template <class Out, std::size_t N>
void id_field(Out& out, int number, const std::array<std::uint8_t, N>& id) {
  bytes_field(out, number, std::string_view(reinterpret_cast<const char*>(id.data()), N));
}

template <class Out>
void fixed64_field(Out& out, int number, std::uint64_t value) {
  tag(out, number, kFixed64);
  out.fixed64(value);
}

template <class Out>
void varint_field(Out& out, int number, std::uint64_t value) {
  tag(out, number, kVarint);
  out.varint(value);
}

// A nested message: its length, counted by running `fill` on a Counter first, then its fields.
// A Counter counting an enclosing message needs only the length: it does not walk `fill` twice.
template <class Out, class Fill>
void message_field(Out& out, int number, Fill&& fill) {
  Counter inner;
  fill(inner);
  length_head(out, number, inner.size());
  if constexpr (std::is_same_v<Out, Counter>) out.skip(inner.size());
  else fill(out);
}

template <class Out>
void any_value(Out& out, const AttributeValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) bytes_field(out, field::kString, v);
        else if constexpr (std::is_same_v<T, std::int64_t>) varint_field(out, field::kInt, static_cast<std::uint64_t>(v));
        else if constexpr (std::is_same_v<T, double>) fixed64_field(out, field::kDouble, std::bit_cast<std::uint64_t>(v));
        else varint_field(out, field::kBool, v ? 1 : 0);
      },
      value);
}

template <class Out>
void attributes(Out& out, int number, const std::vector<Attribute>& list) {
  for (const auto& attribute : list) {
    message_field(out, number, [&](auto& key_value) {
      bytes_field(key_value, field::kKey, attribute.key);
      message_field(key_value, field::kValue, [&](auto& value) { any_value(value, attribute.value); });
    });
  }
}

bool is_root(const SpanId& parent) {
  return std::all_of(parent.begin(), parent.end(), [](std::uint8_t b) { return b == 0; });
}

template <class Out>
void span_message(Out& out, const SpanData& span) {
  id_field(out, field::kTraceId, span.context.trace_id());
  id_field(out, field::kSpanId, span.context.span_id());
  if (!span.context.trace_state().empty()) bytes_field(out, field::kTraceState, span.context.trace_state());
  if (!is_root(span.parent_span_id)) id_field(out, field::kParentSpanId, span.parent_span_id);
  bytes_field(out, field::kName, span.name);
  varint_field(out, field::kKind, static_cast<std::uint64_t>(span.kind));
  fixed64_field(out, field::kStart, unix_nanos(span.start));
  fixed64_field(out, field::kEnd, unix_nanos(span.end));
  attributes(out, field::kAttributes, span.attributes);
  for (const auto& event : span.events) {
    message_field(out, field::kEvents, [&](auto& e) {
      fixed64_field(e, field::kEventTime, unix_nanos(event.time));
      bytes_field(e, field::kEventName, event.name);
      attributes(e, field::kEventAttributes, event.attributes);
    });
  }
  message_field(out, field::kStatus, [&](auto& status) {
    if (!span.status_message.empty()) bytes_field(status, field::kStatusMessage, span.status_message);
    if (span.status != SpanStatus::Unset) varint_field(status, field::kStatusCode, static_cast<std::uint64_t>(span.status));
  });
}

// Into a string sized for it.
template <class Fill>
std::string encoded(Fill&& fill) {
  Counter counter;
  fill(counter);
  std::string out(counter.size(), '\0');
  Writer writer(out.data());
  fill(writer);
  return out;
}

}  // namespace

OtlpProtoEncoder::OtlpProtoEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version)
    : resource_(encoded([&](auto& out) {
        message_field(out, field::kResource,
                      [&](auto& r) { attributes(r, field::kResourceAttributes, resource); });
      })),
      scope_(encoded([&](auto& out) {
        message_field(out, field::kScope, [&](auto& scope) {
          bytes_field(scope, field::kScopeName, scope_name);
          if (!scope_version.empty()) bytes_field(scope, field::kScopeVersion, scope_version);
        });
      })) {}

void OtlpProtoEncoder::append_span(const SpanData& span, std::string& out) const {
  Counter counter;
  span_message(counter, span);
  const auto at = out.size();
  out.resize(at + length_field_size(field::kSpans, counter.size()));
  Writer writer(out.data() + at);
  length_head(writer, field::kSpans, counter.size());
  span_message(writer, span);
}

void OtlpProtoEncoder::encode(std::string_view spans, std::string& out) const {
  // ResourceSpans { resource, ScopeSpans { scope, spans... } }: the headers' lengths follow from
  // the spans' bytes.
  const auto scope_spans = scope_.size() + spans.size();
  const auto resource_spans = resource_.size() + length_field_size(field::kScopeSpans, scope_spans);

  // resize keeps the capacity of earlier batches; the zero fill is overwritten at once.
  out.resize(length_field_size(field::kResourceSpans, resource_spans));
  Writer writer(out.data());
  length_head(writer, field::kResourceSpans, resource_spans);
  writer.bytes(resource_);
  length_head(writer, field::kScopeSpans, scope_spans);
  writer.bytes(scope_);
  writer.bytes(spans);
}

}  // namespace products::adapters::telemetry
