#include "adapters/telemetry/otlp_proto_encoder.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
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

// Into `at`, which has room for it; returns the byte after it.
char* write_varint(char* at, std::uint64_t value) {
  for (; value >= 0x80; value >>= 7) *at++ = static_cast<char>((value & 0x7f) | 0x80);
  *at++ = static_cast<char>(value);
  return at;
}

// Appended in one go: byte by byte, the string's capacity check was most of the varint's cost.
void varint(std::string& out, std::uint64_t value) {
  std::array<char, 10> bytes{};
  out.append(bytes.data(), write_varint(bytes.data(), value));
}

void tag(std::string& out, int number, Wire wire) { varint(out, (static_cast<std::uint64_t>(number) << 3) | wire); }

void bytes_field(std::string& out, int number, std::string_view bytes) {
  tag(out, number, kLength);
  varint(out, bytes.size());
  out.append(bytes);
}

template <std::size_t N>
void id_field(std::string& out, int number, const std::array<std::uint8_t, N>& id) {
  bytes_field(out, number, std::string_view(reinterpret_cast<const char*>(id.data()), N));
}

void fixed64_field(std::string& out, int number, std::uint64_t value) {
  tag(out, number, kFixed64);
  std::array<char, 8> bytes{};
  for (auto& byte : bytes) {
    byte = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  out.append(bytes.data(), bytes.size());
}

void varint_field(std::string& out, int number, std::uint64_t value) {
  tag(out, number, kVarint);
  varint(out, value);
}

std::uint64_t unix_nanos(std::chrono::system_clock::time_point time) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
}

std::size_t varint_size(std::uint64_t value) {
  std::size_t size = 1;
  for (; value >= 0x80; value >>= 7) ++size;
  return size;
}

// A nested message, written in place: its length comes before it but is known only after it,
// so one byte is left for the length (enough below 128 bytes, as for most attributes) and the
// message is moved up when it needs more. No temporary string per message: with every span's
// attributes, events and status, those were most of the exporter thread's allocations.
template <class Fill>
void message_field(std::string& out, int number, Fill&& fill) {
  tag(out, number, kLength);
  const auto at = out.size();
  out.push_back('\0');
  fill(out);
  const auto length = out.size() - at - 1;
  const auto width = varint_size(length);
  if (width > 1) out.insert(at + 1, width - 1, '\0');
  write_varint(out.data() + at, length);
}

// The head of a length-delimited field whose `length` bytes follow.
void length_head(std::string& out, int number, std::size_t length) {
  tag(out, number, kLength);
  varint(out, length);
}

std::size_t length_field_size(int number, std::size_t length) {
  return varint_size((static_cast<std::uint64_t>(number) << 3) | kLength) + varint_size(length) + length;
}

void any_value(std::string& out, const AttributeValue& value) {
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

void attributes(std::string& out, int number, const std::vector<Attribute>& list) {
  for (const auto& attribute : list) {
    message_field(out, number, [&](std::string& key_value) {
      bytes_field(key_value, field::kKey, attribute.key);
      message_field(key_value, field::kValue, [&](std::string& value) { any_value(value, attribute.value); });
    });
  }
}

bool is_root(const SpanId& parent) {
  return std::all_of(parent.begin(), parent.end(), [](std::uint8_t b) { return b == 0; });
}

void span_message(std::string& out, const SpanData& span) {
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
    message_field(out, field::kEvents, [&](std::string& e) {
      fixed64_field(e, field::kEventTime, unix_nanos(event.time));
      bytes_field(e, field::kEventName, event.name);
      attributes(e, field::kEventAttributes, event.attributes);
    });
  }
  message_field(out, field::kStatus, [&](std::string& status) {
    if (!span.status_message.empty()) bytes_field(status, field::kStatusMessage, span.status_message);
    if (span.status != SpanStatus::Unset) varint_field(status, field::kStatusCode, static_cast<std::uint64_t>(span.status));
  });
}

}  // namespace

OtlpProtoEncoder::OtlpProtoEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version) {
  message_field(resource_, field::kResource,
                [&](std::string& out) { attributes(out, field::kResourceAttributes, resource); });
  message_field(scope_, field::kScope, [&](std::string& out) {
    bytes_field(out, field::kScopeName, scope_name);
    if (!scope_version.empty()) bytes_field(out, field::kScopeVersion, scope_version);
  });
}

void OtlpProtoEncoder::encode(const std::vector<SpanData>& spans, std::string& out) {
  // The spans first, each in place: their total gives the enclosing messages' lengths, which are
  // then written ahead of them without moving the batch.
  spans_.clear();
  for (const auto& data : spans) {
    message_field(spans_, field::kSpans, [&](std::string& span) { span_message(span, data); });
  }
  const auto scope_spans = scope_.size() + spans_.size();
  const auto resource_spans = resource_.size() + length_field_size(field::kScopeSpans, scope_spans);
  out.clear();
  out.reserve(length_field_size(field::kResourceSpans, resource_spans));
  length_head(out, field::kResourceSpans, resource_spans);
  out.append(resource_);
  length_head(out, field::kScopeSpans, scope_spans);
  out.append(scope_);
  out.append(spans_);
}

}  // namespace products::adapters::telemetry
