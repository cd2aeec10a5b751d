#include "adapters/kafka/command_codec.hpp"

#include <charconv>
#include <limits>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "adapters/json/product_json.hpp"
#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

using domain::CommandType;
using domain::Error;
using domain::ObjectId;

std::string delete_value(const ObjectId& id) {
  boost::json::object value;
  value["productId"] = id.hex();
  return boost::json::serialize(value);
}

ObjectId decode_delete_value(std::string_view text) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(text, ec);
  if (ec) throw Error::invalid_field("value", fmt::format("is not valid JSON: {}", ec.message()));
  if (!value.is_object()) throw Error::invalid_field("value", "must be a JSON object");
  const auto& object = value.as_object();
  for (const auto& [key, field] : object) {
    if (key != "productId") throw Error::invalid_field(key, "is not a known field");
  }
  const auto* id = object.if_contains("productId");
  std::optional<ObjectId> parsed;
  if (id && id->is_string()) parsed = ObjectId::parse(std::string_view(id->as_string()));
  if (!parsed) throw Error::invalid_field("productId", "must be a 24-character hex ObjectId");
  return *parsed;
}

std::int64_t decode_version(const Record& record) {
  const auto* issued_at = record.header(CommandCodec::kIssuedAtHeader);
  if (!issued_at) {
    // The producer chooses the timestamp; past this one the version in µs would overflow (found by
    // tests/fuzz/command_codec).
    constexpr std::int64_t kMaxTimestampMs = std::numeric_limits<std::int64_t>::max() / 1000;
    if (record.timestamp_ms && *record.timestamp_ms > 0 && *record.timestamp_ms <= kMaxTimestampMs) {
      return *record.timestamp_ms * 1000;
    }
    throw Error::invalid_field(std::string(CommandCodec::kIssuedAtHeader),
                               "is missing and the record has no usable timestamp");
  }
  std::int64_t version = 0;
  const auto* end = issued_at->data() + issued_at->size();
  const auto [ptr, ec] = std::from_chars(issued_at->data(), end, version);
  if (ec != std::errc() || ptr != end || issued_at->empty() || version <= 0) {
    throw Error::invalid_field(std::string(CommandCodec::kIssuedAtHeader),
                               "must be a positive decimal count of microseconds since the epoch");
  }
  return version;
}

}  // namespace

Record CommandCodec::encode(const domain::ProductCommand& command) const {
  const auto& trace = command.trace;
  if (const auto parent = telemetry::W3cTraceContext::parse(trace.traceparent, trace.tracestate)) {
    return encode(command, *parent);
  }
  // A new sampled root, so that the consumer's spans still make one trace of the command.
  return encode(command, telemetry::SpanContext(telemetry::SpanContext::random_trace_id(),
                                                telemetry::SpanContext::random_span_id(), true));
}

Record CommandCodec::encode(const domain::ProductCommand& command, const telemetry::SpanContext& trace) const {
  Record record;
  record.topic = topics_.topic_for(command.type);
  record.key = command.product.id.hex();
  record.value = command.type == CommandType::Delete ? delete_value(command.product.id)
                                                     : json::ProductJson::encode(command.product);
  record.headers = {
      {std::string(kIssuedAtHeader), std::to_string(command.version)},
      {std::string(kCommandHeader), domain::to_string(command.type)},
      {std::string(kTraceparentHeader), telemetry::W3cTraceContext::traceparent(trace)},
  };
  if (!trace.trace_state().empty()) record.headers.push_back({std::string(kTracestateHeader), trace.trace_state()});
  record.timestamp_ms = command.version / 1000;
  return record;
}

domain::ProductCommand CommandCodec::decode(const Record& record) const {
  const auto type = topics_.type_of(record.topic);
  if (!type) throw Error::invalid_field("topic", fmt::format("{} is not a command topic", record.topic));
  const auto* named = record.header(kCommandHeader);
  if (named && *named != domain::to_string(*type)) {
    throw Error::invalid_field(std::string(kCommandHeader),
                               fmt::format("says {} but the topic {} carries {}", *named, record.topic,
                                           domain::to_string(*type)));
  }
  if (!record.key) throw Error::invalid_field("key", "is missing; it must be the product id");
  const auto key = ObjectId::parse(*record.key);
  if (!key) throw Error::invalid_field("key", "must be a 24-character hex ObjectId");

  domain::ProductCommand command;
  command.type = *type;
  if (*type == CommandType::Delete) {
    command.product.id = decode_delete_value(record.value);
  } else {
    command.product = json::ProductJson::decode_product(record.value);
  }
  if (command.product.id != *key) {
    throw Error::invalid_field("key", fmt::format("{} is not the productId {}", *record.key, command.product.id.hex()));
  }
  command.version = decode_version(record);
  if (const auto parent = trace_context(record)) {
    command.trace = {telemetry::W3cTraceContext::traceparent(*parent), parent->trace_state()};
  }
  return command;
}

std::optional<telemetry::SpanContext> CommandCodec::trace_context(const Record& record) {
  const auto* traceparent = record.header(kTraceparentHeader);
  const auto* tracestate = record.header(kTracestateHeader);
  return telemetry::W3cTraceContext::parse(traceparent ? *traceparent : std::string_view(),
                                           tracestate ? *tracestate : std::string_view());
}

}  // namespace products::adapters::kafka
