#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace products::bench {

// Every setting of one benchmark run; each option can also come from the environment variable
// named in --help (BENCH_SIZES, BENCH_CONNECTIONS, …), which is how `make bench-e2e` passes them.
struct BenchOptions {
  // Where the service under test and the stack are.
  std::string host = "127.0.0.1";
  int http_port = 5207;
  int grpc_port = 5755;
  std::string brokers = "127.0.0.1:9092";
  std::string mongo_uri = "mongodb://127.0.0.1:27017";
  std::string redis_addr = "127.0.0.1:6379";
  // The service's own names for the benchmark, so that it disturbs no other user of the stack.
  std::string database = "products_bench";
  std::string collection = "products";
  std::string group = "bench_products_group";
  std::string create_topic = "bench-create-product";
  std::string update_topic = "bench-update-product";
  std::string redis_prefix = "bench:products:";
  pid_t service_pid = 0;
  std::string service_log;

  // What to measure and how hard.
  std::vector<std::int64_t> sizes = {1000, 10000, 100000};
  int connections = 64;     // HTTP throughput phases
  int clients = 16;         // gRPC Create and raw insert_one
  int latency_clients = 4;  // cache-miss GET, raw find, search, raw search
  int writers = 4;          // raw bulk writes: the service's kafka.consumer_workers
  int raw_updates_in_flight = 32;  // update statements in flight over all writers (FerretDB's pool)
  int duration_s = 10;
  int warmup_s = 2;
  std::int64_t apply_count = 3000;
  std::int64_t grpc_count = 1000;
  std::int64_t latency_samples = 2000;
  std::int64_t search_samples = 200;
  int search_budget_s = 60;
  std::string search_word = "shoes";
  int stall_timeout_s = 60;
  int phase_timeout_s = 900;

  // The report.
  std::string results_dir = "bench/e2e/results";
  std::string commit = "unknown";
  std::string stack_note;
  bool cleanup_only = false;  // drop the benchmark database and consumer group, and stop

  // Exits the process on --help or a bad option, as CLI11 does.
  static BenchOptions parse(int argc, char** argv);
};

}  // namespace products::bench
