#include "adapters/telemetry/otlp_json_encoder.hpp"

#include <algorithm>
#include <utility>

#include <boost/json.hpp>

namespace products::adapters::telemetry {

namespace json = boost::json;

namespace {

std::string unix_nanos(std::chrono::system_clock::time_point time) {
  return std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count());
}

json::object any_value(const AttributeValue& value) {
  return std::visit(
      [](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return json::object{{"stringValue", v}};
        else if constexpr (std::is_same_v<T, std::int64_t>) return json::object{{"intValue", std::to_string(v)}};
        else if constexpr (std::is_same_v<T, double>) return json::object{{"doubleValue", v}};
        else return json::object{{"boolValue", v}};
      },
      value);
}

json::array attributes(const std::vector<Attribute>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& attribute : list) out.push_back(json::object{{"key", attribute.key}, {"value", any_value(attribute.value)}});
  return out;
}

bool is_root(const SpanId& parent) {
  return std::all_of(parent.begin(), parent.end(), [](std::uint8_t b) { return b == 0; });
}

json::object span_object(const SpanData& span) {
  json::object out;
  out["traceId"] = span.context.trace_id_hex();
  out["spanId"] = span.context.span_id_hex();
  if (!span.context.trace_state().empty()) out["traceState"] = span.context.trace_state();
  if (!is_root(span.parent_span_id)) out["parentSpanId"] = SpanContext::hex(span.parent_span_id);
  out["name"] = span.name;
  out["kind"] = static_cast<int>(span.kind);
  out["startTimeUnixNano"] = unix_nanos(span.start);
  out["endTimeUnixNano"] = unix_nanos(span.end);
  if (!span.attributes.empty()) out["attributes"] = attributes(span.attributes);
  if (!span.events.empty()) {
    json::array events;
    for (const auto& event : span.events) {
      json::object e{{"timeUnixNano", unix_nanos(event.time)}, {"name", event.name}};
      if (!event.attributes.empty()) e["attributes"] = attributes(event.attributes);
      events.push_back(std::move(e));
    }
    out["events"] = std::move(events);
  }
  json::object status{{"code", static_cast<int>(span.status)}};
  if (!span.status_message.empty()) status["message"] = span.status_message;
  out["status"] = std::move(status);
  return out;
}

}  // namespace

OtlpJsonEncoder::OtlpJsonEncoder(std::vector<Attribute> resource, std::string scope_name, std::string scope_version)
    : resource_(std::move(resource)), scope_name_(std::move(scope_name)), scope_version_(std::move(scope_version)) {}

std::string OtlpJsonEncoder::encode(const std::vector<SpanData>& spans) const {
  json::array span_list;
  span_list.reserve(spans.size());
  for (const auto& span : spans) span_list.push_back(span_object(span));
  json::object scope_spans{{"scope", json::object{{"name", scope_name_}, {"version", scope_version_}}},
                           {"spans", std::move(span_list)}};
  json::object resource_spans{{"resource", json::object{{"attributes", attributes(resource_)}}},
                              {"scopeSpans", json::array{std::move(scope_spans)}}};
  return json::serialize(json::object{{"resourceSpans", json::array{std::move(resource_spans)}}});
}

}  // namespace products::adapters::telemetry
