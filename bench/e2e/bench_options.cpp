#include "bench_options.hpp"

#include <CLI/CLI.hpp>

namespace products::bench {

BenchOptions BenchOptions::parse(int argc, char** argv) {
  BenchOptions o;
  CLI::App app{"products-service end-to-end benchmark: each figure beside the server's own limit"};
  app.add_option("--host", o.host, "address of the service")->capture_default_str();
  app.add_option("--http-port", o.http_port)->envname("HTTP_PORT")->capture_default_str();
  app.add_option("--grpc-port", o.grpc_port)->envname("GRPC_PORT")->capture_default_str();
  app.add_option("--brokers", o.brokers)->envname("KAFKA_BROKERS")->capture_default_str();
  app.add_option("--mongo-uri", o.mongo_uri)->envname("MONGO_URI")->capture_default_str();
  app.add_option("--redis-addr", o.redis_addr)->envname("REDIS_ADDR")->capture_default_str();
  app.add_option("--database", o.database, "the service's database (MONGO_DATABASE)")
      ->envname("MONGO_DATABASE")
      ->capture_default_str();
  app.add_option("--collection", o.collection)->envname("MONGO_COLLECTION")->capture_default_str();
  app.add_option("--group", o.group, "the service's consumer group")->envname("KAFKA_GROUP_ID")->capture_default_str();
  app.add_option("--create-topic", o.create_topic)->envname("KAFKA_CREATE_TOPIC")->capture_default_str();
  app.add_option("--update-topic", o.update_topic)->envname("KAFKA_UPDATE_TOPIC")->capture_default_str();
  app.add_option("--redis-prefix", o.redis_prefix)->envname("REDIS_KEY_PREFIX")->capture_default_str();
  app.add_option("--service-pid", o.service_pid, "fail at once when this process exits")->envname("BENCH_SERVICE_PID");
  app.add_option("--service-log", o.service_log)->envname("BENCH_SERVICE_LOG");

  app.add_option("--sizes", o.sizes, "catalog sizes")->delimiter(',')->envname("BENCH_SIZES")->capture_default_str();
  app.add_option("--connections", o.connections, "HTTP connections for the rate phases")
      ->envname("BENCH_CONNECTIONS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--clients", o.clients, "concurrent gRPC Create calls, and raw insert_one calls")
      ->envname("BENCH_CLIENTS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--latency-clients", o.latency_clients, "concurrent clients of the latency phases")
      ->envname("BENCH_LATENCY_CLIENTS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--writers", o.writers, "concurrent raw bulk writes (the service's kafka.consumer_workers)")
      ->envname("BENCH_WRITERS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--raw-updates-in-flight", o.raw_updates_in_flight,
                 "raw update statements in flight over all writers; FerretDB 1.24 hangs past its connection pool")
      ->envname("BENCH_RAW_UPDATES_IN_FLIGHT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--duration", o.duration_s, "seconds of each rate phase")
      ->envname("BENCH_DURATION")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--warmup", o.warmup_s, "seconds of warm-up before each rate phase")
      ->envname("BENCH_WARMUP")
      ->capture_default_str();
  app.add_option("--apply-count", o.apply_count, "create and update commands per catalog size")
      ->envname("BENCH_APPLY_COUNT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--grpc-count", o.grpc_count, "gRPC Create calls (and raw insert_one) per catalog size")
      ->envname("BENCH_GRPC_COUNT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--latency-samples", o.latency_samples, "cache-miss GETs (and raw finds) per catalog size")
      ->envname("BENCH_LATENCY_SAMPLES")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--search-samples", o.search_samples, "searches (and raw searches) per catalog size")
      ->envname("BENCH_SEARCH_SAMPLES")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--search-budget", o.search_budget_s, "at most this many seconds per search phase")
      ->envname("BENCH_SEARCH_BUDGET")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--search-word", o.search_word)->envname("BENCH_SEARCH_WORD")->capture_default_str();
  app.add_option("--stall-timeout", o.stall_timeout_s, "fail when the service applies nothing for this long (s)")
      ->envname("BENCH_STALL_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--phase-timeout", o.phase_timeout_s, "fail when one phase takes longer than this (s)")
      ->envname("BENCH_PHASE_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  app.add_option("--results-dir", o.results_dir)->envname("BENCH_RESULTS_DIR")->capture_default_str();
  app.add_option("--commit", o.commit, "the commit measured, for the report")->envname("BENCH_COMMIT");
  app.add_option("--stack-note", o.stack_note, "what the stack runs, for the report")->envname("BENCH_STACK_NOTE");
  app.add_flag("--cleanup", o.cleanup_only, "only drop the benchmark's database and consumer group (while the service is not running)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  return o;
}

}  // namespace products::bench
