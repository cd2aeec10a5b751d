#include "adapters/telemetry/active_context.hpp"

#include <utility>

namespace products::adapters::telemetry {

namespace {

thread_local SpanContext active;

}  // namespace

ActiveContext::Scope::Scope(const SpanContext& context) : previous_(std::exchange(active, context)) {}

ActiveContext::Scope::~Scope() { active = std::move(previous_); }

const SpanContext& ActiveContext::current() noexcept { return active; }

}  // namespace products::adapters::telemetry
