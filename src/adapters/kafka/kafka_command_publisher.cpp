#include "adapters/kafka/kafka_command_publisher.hpp"

#include <memory>

#include <fmt/format.h>

#include "adapters/telemetry/w3c_trace_context.hpp"
#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

Properties producer_properties(const PublisherOptions& options) {
  if (options.compression != "lz4" && options.compression != "snappy" && options.compression != "zstd" &&
      options.compression != "none") {
    throw domain::Error::invalid_field("kafka.compression", "must be one of lz4, snappy, zstd, none");
  }
  auto properties = options.properties;
  properties["bootstrap.servers"] = options.brokers;
  properties["compression.codec"] = options.compression;
  properties["linger.ms"] = std::to_string(options.linger.count());
  properties["message.timeout.ms"] = std::to_string(options.delivery_timeout.count());
  // librdkafka's default backs reconnects off up to 10 s: a broker back from a crash, or a partition
  // led by it again, would wait that long for this client. 1 s keeps that inside a request's deadline.
  properties.try_emplace("reconnect.backoff.max.ms", "1000");
  return properties;
}

}  // namespace

KafkaCommandPublisher::KafkaCommandPublisher(const PublisherOptions& options)
    : codec_(options.topics),
      producer_(producer_properties(options), "kafka-publish", options.observer),
      tracer_(options.tracer) {}

void KafkaCommandPublisher::publish(const domain::ProductCommand& command, domain::Deadline deadline,
                                    Completion done) {
  if (!tracer_) {
    producer_.send(codec_.encode(command), deadline, std::move(done));
    return;
  }
  const auto& trace = command.trace;
  // OpenTelemetry's messaging producer span, "send <topic>"; the record names it as the parent.
  auto span = tracer_->start_span(fmt::format("send {}", codec_.topics().topic_for(command.type)),
                                  telemetry::SpanKind::Producer,
                                  telemetry::W3cTraceContext::parse(trace.traceparent, trace.tracestate));
  auto record = codec_.encode(command, span.context());
  if (!span.recording()) {
    producer_.send(std::move(record), deadline, std::move(done));
    return;
  }
  span.set_attribute("messaging.system", std::string("kafka"));
  span.set_attribute("messaging.operation.type", std::string("send"));
  span.set_attribute("messaging.operation.name", std::string("send"));
  span.set_attribute("messaging.destination.name", record.topic);
  if (record.key) span.set_attribute("messaging.kafka.message.key", *record.key);
  // Shared: Completion must be copyable, a Span is not.
  auto shared = std::make_shared<telemetry::Span>(std::move(span));
  producer_.send(std::move(record), deadline, [shared, done = std::move(done)](std::exception_ptr error) {
    shared->fail(error);
    shared->end();
    done(error);
  });
}

}  // namespace products::adapters::kafka
