#pragma once

#include "adapters/telemetry/database_spans.hpp"
#include "usecase/cached_product_reader.hpp"

namespace products::adapters::telemetry {

// The asynchronous cache read with a Redis GET span, a child of the span active when the lookup
// starts. The callback runs with that span active again, wherever the answer arrives, so that
// what it goes on to do (the slow path's MongoDB read) stays in the trace.
class TracedCachedProductReader : public usecase::CachedProductReader {
 public:
  TracedCachedProductReader(usecase::CachedProductReader& inner, const Tracer& tracer, DatabaseTarget target);

  void lookup(const domain::ObjectId& id, domain::Deadline deadline, Callback done) override;

 private:
  usecase::CachedProductReader& inner_;
  DatabaseSpans spans_;
};

}  // namespace products::adapters::telemetry
