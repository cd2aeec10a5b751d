#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "apply_watcher.hpp"
#include "http_load.hpp"
#include "parallel_runner.hpp"

namespace products::bench {

// A raw bulk write phase: the outcome counts write commands, the rate counts documents.
struct BulkOutcome {
  PhaseOutcome phase;
  std::int64_t documents = 0;

  double rate() const { return phase.seconds > 0 ? static_cast<double>(documents) / phase.seconds : 0; }
};

// Everything measured at one catalog size, each figure beside its limit.
struct SizePoint {
  std::int64_t size = 0;  // products in the collection when the point starts

  // Reads, at exactly `size`.
  HttpLoadResult get_miss;         // GET /products/{id}, every id evicted from Redis first
  PhaseOutcome raw_find;           // find {_id} on the server
  HttpLoadResult healthz_latency;  // the HTTP stack alone, same clients
  HttpLoadResult search;           // GET /products/search?search=word&page=1&size=10
  PhaseOutcome raw_search;         // the server's count + first page for the same filter
  std::int64_t search_matches = 0;

  // Updates, at exactly `size`.
  ApplyTiming updates;
  BulkOutcome raw_updates;

  // Creates: the catalog grows while they run.
  ApplyTiming creates;
  std::int64_t creates_from = 0, creates_to = 0;
  BulkOutcome raw_inserts;
  std::int64_t raw_inserts_from = 0, raw_inserts_to = 0;
  PhaseOutcome grpc_creates;
  PhaseOutcome raw_insert_ones;
  std::int64_t size_after = 0;
};

// The HTTP stack's own speed beside what the service does per request, same connections.
struct FrontDoor {
  std::int64_t size = 0;
  HttpLoadResult healthz_before;
  HttpLoadResult cached_get;
  HttpLoadResult posts;
  HttpLoadResult healthz_after;

  double healthz_rps() const { return (healthz_before.rate(200) + healthz_after.rate(200)) / 2; }
};

// Where and what was measured.
struct RunContext {
  std::string date_utc;
  std::string commit;
  std::string cpu_model;
  unsigned cpus = 0;
  std::string memory;
  std::string server_version;
  std::string stack_note;
  double wall_seconds = 0;
};

struct BenchResults {
  RunContext context;
  std::vector<SizePoint> points;
  FrontDoor front;
};

}  // namespace products::bench
