#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "adapters/telemetry/attribute_key.hpp"
#include "adapters/telemetry/span_context.hpp"

namespace products::adapters::telemetry {

// The OpenTelemetry span model, as much of it as the service records. Enumerator values are
// OTLP's, so the encoder writes them as they are.
enum class SpanKind { Internal = 1, Server = 2, Client = 3, Producer = 4, Consumer = 5 };
enum class SpanStatus { Unset = 0, Ok = 1, Error = 2 };

using AttributeValue = std::variant<std::string, std::int64_t, double, bool>;

struct Attribute {
  AttributeKey key;
  AttributeValue value;
};

struct SpanEvent {
  std::string name;
  std::chrono::system_clock::time_point time;
  std::vector<Attribute> attributes;
};

// A finished (or finishing) span as the exporter sends it.
struct SpanData {
  SpanContext context;
  SpanId parent_span_id{};  // all zero: a root span
  std::string name;
  SpanKind kind = SpanKind::Internal;
  std::chrono::system_clock::time_point start;
  std::chrono::system_clock::time_point end;
  SpanStatus status = SpanStatus::Unset;
  std::string status_message;
  std::vector<Attribute> attributes;
  std::vector<SpanEvent> events;
};

}  // namespace products::adapters::telemetry
