#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "apply_watcher.hpp"
#include "bench_options.hpp"
#include "bench_results.hpp"
#include "cache_evictor.hpp"
#include "command_feeder.hpp"
#include "domain/product.hpp"
#include "products.grpc.pb.h"
#include "http_load.hpp"
#include "raw_store.hpp"
#include "sample_catalog.hpp"
#include "service_liveness.hpp"

namespace products::bench {

// One benchmark run against a service that is already serving: grows the catalog to each size in
// turn and measures there, then the front door. Every wait has a deadline; a failure throws
// std::runtime_error (or domain::Error) saying what did not happen.
class BenchRun {
 public:
  explicit BenchRun(const BenchOptions& options);
  ~BenchRun();

  // Takes out of Redis the products it read, whether it succeeds or fails; the database, topics
  // and group are the caller's to remove.
  BenchResults run();

 private:
  void evict_read_products();
  void wait_ready();
  void grow_to(std::int64_t size);
  SizePoint measure_size(std::int64_t size);
  void warm_up_apply();
  void measure_reads(SizePoint& point);
  void measure_updates(SizePoint& point);
  void measure_creates(SizePoint& point);
  void measure_grpc(SizePoint& point);
  FrontDoor measure_front_door();

  // A rate phase: warm-up, then the measured window.
  HttpLoadResult rate_phase(const HttpLoad::Source& source);
  BulkOutcome bulk_phase(std::vector<domain::Product> products, bool update);
  ApplyTiming apply_phase(const std::string& topic, const std::vector<domain::ProductCommand>& commands);
  std::vector<domain::Product> new_products(std::int64_t count);
  // `count` distinct products of the catalog, spread over all of it (fewer if it is smaller).
  std::vector<std::size_t> spread(std::int64_t count, std::uint64_t salt) const;
  domain::Deadline phase_deadline() const;

  const BenchOptions& options_;
  SampleCatalog samples_;
  ServiceLiveness service_;
  RawStore raw_;
  CommandFeeder feeder_;
  ApplyWatcher watcher_;
  CacheEvictor cache_;
  HttpLoad http_;
  std::unique_ptr<productsService::ProductsService::Stub> grpc_;
  std::vector<domain::Product> catalog_;  // every product the benchmark wrote and knows in full
  std::vector<domain::ObjectId> read_;    // products read through the service (cached by it)
  std::uint64_t next_seq_ = 0;
};

}  // namespace products::bench
