#pragma once

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "adapters/telemetry/span_data.hpp"
#include "adapters/telemetry/span_processor.hpp"

namespace products::adapters::telemetry {

// A span in progress, made by Tracer::start_span. It always has a context to propagate (so a
// trace that is not sampled here still carries its decision downstream); only a sampled span
// with somewhere to go records attributes and events. Ends once: on end() or when destroyed.
class Span {
 public:
  Span() = default;
  ~Span();
  Span(Span&& other) noexcept;
  Span& operator=(Span&& other) noexcept;
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  const SpanContext& context() const noexcept { return context_; }
  bool recording() const noexcept { return data_.has_value(); }
  // The `traceparent` header to send to the next hop, naming this span as its parent.
  std::string traceparent() const;

  // For a name known only later, as an HTTP server span's route once the router matched it.
  void rename(std::string name);
  void set_attribute(AttributeKey key, AttributeValue value);
  void add_event(std::string name, std::vector<Attribute> attributes = {});
  void set_status(SpanStatus status, std::string message = {});
  // Error status with the exception's message, when there is one.
  void fail(const std::exception_ptr& error);
  void end();

 private:
  friend class Tracer;
  Span(SpanContext context, std::optional<SpanData> data, SpanProcessor* processor);

  SpanContext context_;
  std::optional<SpanData> data_;
  SpanProcessor* processor_ = nullptr;
};

}  // namespace products::adapters::telemetry
