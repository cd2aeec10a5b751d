#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/telemetry/active_context.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::telemetry {

// Which database a client span talks to, in the OpenTelemetry database conventions.
struct DatabaseTarget {
  std::string system;      // db.system: mongodb, redis
  std::string name;        // db.namespace: the database (MongoDB) or the db index (Redis)
  std::string collection;  // db.collection.name; empty for Redis
  std::string address;     // server.address
  int port = 0;            // server.port; 0 when unknown
};

// Client spans of one database: "<operation> <collection>" (or the bare command for Redis), kind
// CLIENT, with the target's attributes. Only a call made for a span gets one: a call with no
// parent (a readiness ping, housekeeping) would otherwise start a one-span trace of its own.
class DatabaseSpans {
 public:
  DatabaseSpans(const Tracer& tracer, DatabaseTarget target);

  // A child of `parent`; an empty, non-recording span when `parent` is invalid or unsampled, or
  // tracing is off.
  Span start(std::string_view operation, const SpanContext& parent) const;

  // Runs `call` inside a child of the active span; an exception marks the span failed and goes on.
  template <class Call>
  auto run(std::string_view operation, Call&& call) const {
    auto span = start(operation, ActiveContext::current());
    try {
      return std::forward<Call>(call)();
    } catch (...) {
      span.fail(std::current_exception());
      throw;
    }
  }

 private:
  const Tracer& tracer_;
  DatabaseTarget target_;
};

}  // namespace products::adapters::telemetry
