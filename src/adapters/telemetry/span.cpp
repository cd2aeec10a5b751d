#include "adapters/telemetry/span.hpp"

#include <utility>

#include "adapters/telemetry/w3c_trace_context.hpp"

namespace products::adapters::telemetry {

Span::Span(SpanContext context, std::optional<SpanData> data, SpanProcessor* processor)
    : context_(std::move(context)), data_(std::move(data)), processor_(processor) {}

Span::~Span() { end(); }

Span::Span(Span&& other) noexcept
    : context_(std::move(other.context_)), data_(std::exchange(other.data_, std::nullopt)),
      processor_(std::exchange(other.processor_, nullptr)) {}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    end();
    context_ = std::move(other.context_);
    data_ = std::exchange(other.data_, std::nullopt);
    processor_ = std::exchange(other.processor_, nullptr);
  }
  return *this;
}

std::string Span::traceparent() const { return context_.valid() ? W3cTraceContext::traceparent(context_) : ""; }

void Span::rename(std::string name) {
  if (data_) data_->name = std::move(name);
}

void Span::set_attribute(AttributeKey key, AttributeValue value) {
  if (data_) data_->attributes.push_back({key, std::move(value)});
}

void Span::add_event(std::string name, std::vector<Attribute> attributes) {
  if (data_) data_->events.push_back({std::move(name), std::chrono::system_clock::now(), std::move(attributes)});
}

void Span::set_status(SpanStatus status, std::string message) {
  if (!data_) return;
  data_->status = status;
  // OTLP keeps a message only with an error.
  data_->status_message = status == SpanStatus::Error ? std::move(message) : std::string();
}

void Span::fail(const std::exception_ptr& error) {
  if (!data_ || !error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    set_status(SpanStatus::Error, e.what());
  } catch (...) {
    set_status(SpanStatus::Error, "unknown exception");
  }
}

void Span::end() {
  if (!data_) return;
  data_->end = std::chrono::system_clock::now();
  if (processor_) processor_->on_end(std::move(*data_));
  data_.reset();
}

}  // namespace products::adapters::telemetry
