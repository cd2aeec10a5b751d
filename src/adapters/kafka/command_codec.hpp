#pragma once

#include <optional>
#include <string_view>

#include "adapters/kafka/command_topics.hpp"
#include "adapters/kafka/record.hpp"
#include "adapters/telemetry/span_context.hpp"
#include "domain/product_command.hpp"

namespace products::adapters::kafka {

// The wire form of a command, shared by the publisher and the consumer:
//   topic    by command type (CommandTopics)
//   key      the product id, 24 lowercase hex, so one product's commands keep their order
//   value    the product as JSON (create, update) or {"productId":"…"} (delete)
//   headers  traceparent and tracestate (W3C), issued-at (the version: µs since the epoch, decimal), command
//   timestamp the issue time in ms
class CommandCodec {
 public:
  static constexpr std::string_view kTraceparentHeader = "traceparent";
  static constexpr std::string_view kTracestateHeader = "tracestate";
  static constexpr std::string_view kIssuedAtHeader = "issued-at";
  static constexpr std::string_view kCommandHeader = "command";

  explicit CommandCodec(CommandTopics topics = {}) : topics_(std::move(topics)) {}

  // The command's trace headers travel on when its traceparent is valid; otherwise the record
  // starts a new trace.
  Record encode(const domain::ProductCommand& command) const;
  // The same with `trace` (valid) as the record's trace headers in place of the command's own: the
  // publisher's span, which continues the command's trace.
  Record encode(const domain::ProductCommand& command, const telemetry::SpanContext& trace) const;

  // Throws domain::Error(InvalidArgument) naming what is wrong: an unknown topic, a command header
  // that contradicts the topic, a missing or malformed key, a value that is not JSON or fails
  // validation, a key that is not the value's productId, a malformed issued-at.
  //
  // A record without issued-at (written by another producer, e.g. the original service or a
  // console producer) takes its version from the record's timestamp: that is the producer's
  // clock at send time, the best remaining evidence of the order of issue. It has only ms
  // precision, so such commands order correctly against each other but coarsely against ours.
  // An invalid traceparent (or tracestate) is dropped rather than failing the command: tracing is
  // best effort.
  domain::ProductCommand decode(const Record& record) const;

  const CommandTopics& topics() const noexcept { return topics_; }

  // The span a record's trace headers name, when its traceparent is valid.
  static std::optional<telemetry::SpanContext> trace_context(const Record& record);

 private:
  CommandTopics topics_;
};

}  // namespace products::adapters::kafka
