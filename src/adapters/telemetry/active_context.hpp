#pragma once

#include "adapters/telemetry/span_context.hpp"

namespace products::adapters::telemetry {

// The span the current thread works for, so that the spans of the calls it makes (MongoDB, Redis)
// become its children and its log lines name it, without every port taking a trace argument.
// Work that hops threads (a WorkPool job, an asynchronous callback) carries the context it was
// started in and opens a Scope of it where it runs.
class ActiveContext {
 public:
  // Makes `context` the active one until the scope ends, then restores the one before.
  class Scope {
   public:
    explicit Scope(const SpanContext& context);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    SpanContext previous_;
  };

  // Invalid when no span is active.
  static const SpanContext& current() noexcept;
};

}  // namespace products::adapters::telemetry
