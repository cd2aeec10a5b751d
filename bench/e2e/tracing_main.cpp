// bench-tracing: what tracing costs the request path (issue 8). Two instances of the release
// service, started by tracing.sh on the same database, topics and Redis prefix, one with tracing
// off and one exporting every span (sample ratio 1) to the stack's Jaeger, are measured in turn,
// in alternating order, round after round, so that the machine's drift hits both alike: cached GET
// per second and, beside each, the instance's own /healthz per second (the server's raw rate).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "adapters/mongo/mongo_driver.hpp"
#include "domain/timestamp.hpp"
#include "domain/product_command.hpp"
#include "http_load.hpp"
#include "process_stats.hpp"
#include "raw_store.hpp"
#include "sample_catalog.hpp"

namespace {

using namespace std::chrono_literals;
using products::bench::HttpLoad;
using products::bench::HttpLoadResult;
using products::bench::HttpRequestSpec;
using products::bench::ProcessStats;
namespace http = boost::beast::http;

struct Options {
  std::string host = "127.0.0.1";
  int off_port = 5208;
  int on_port = 5209;
  pid_t off_pid = 0;        // for the CPU time each instance spends per request
  pid_t on_pid = 0;
  pid_t collector_pid = 0;  // the trace backend's, when it runs on this machine
  std::string mongo_uri = "mongodb://127.0.0.1:27017";
  std::string database = "products_bench_tracing";
  int products = 64;
  int rounds = 3;
  int duration_s = 5;
  int warmup_s = 2;
  int connections = 64;
  std::string report = "bench/e2e/results/tracing.md";
  std::string commit = "unknown";
};

// One instance's sums over the rounds.
struct Totals {
  pid_t pid = 0;
  double get = 0;      // cached GETs answered 200
  double healthz = 0;  // /healthz answered 200
  double seconds_get = 0;
  double seconds_healthz = 0;
  double cpu_get = 0;        // the instance's CPU seconds during the GET phases
  double collector_cpu = 0;  // the trace backend's, meanwhile
  double cpu_per_get_us() const { return get > 0 ? cpu_get / get * 1e6 : 0; }
  double get_rate() const { return seconds_get > 0 ? get / seconds_get : 0; }
  double healthz_rate() const { return seconds_healthz > 0 ? healthz / seconds_healthz : 0; }
};

HttpRequestSpec get(std::string target) { return {http::verb::get, std::move(target), {}}; }

// Puts the products straight into the store and reads each once through the untraced instance,
// which caches it for both: the instances share the database and the Redis prefix.
std::vector<std::string> cached_products(const Options& o, const HttpLoad& load) {
  products::adapters::mongo::MongoConfig config;
  config.uri = o.mongo_uri;
  config.database = o.database;
  config.collection = "products";
  config.app_name = "products-bench-tracing";
  products::bench::RawStore store(config, 60s);
  const products::bench::SampleCatalog samples("cup");
  std::vector<products::domain::Product> batch;
  std::vector<std::string> targets;
  for (int i = 0; i < o.products; ++i) {
    batch.push_back(samples.product(static_cast<std::uint64_t>(i), products::domain::now_ms()));
    targets.push_back("/api/v1/products/" + batch.back().id.hex());
  }
  store.insert_many(batch, products::domain::version_now());
  for (const auto& target : targets) {
    if (load.once(get(target)).count(200) == 0) throw std::runtime_error(target + " is not readable");
  }
  return targets;
}

void measure(const Options& o, const HttpLoad& load, const std::vector<std::string>& cached, Totals& totals) {
  const auto duration = std::chrono::seconds(o.duration_s);
  const auto healthz = load.run(o.connections, duration, HttpLoad::repeat(get("/healthz")));
  const auto cpu_before = ProcessStats::cpu_seconds(totals.pid);
  const auto collector_before = ProcessStats::cpu_seconds(o.collector_pid);
  const auto gets = load.run(o.connections, duration, [&](std::uint64_t seq) {
    return std::optional(get(cached[seq % cached.size()]));
  });
  totals.cpu_get += ProcessStats::cpu_seconds(totals.pid) - cpu_before;
  totals.collector_cpu += ProcessStats::cpu_seconds(o.collector_pid) - collector_before;
  if (gets.count(200) == 0) throw std::runtime_error("cached GET: " + gets.unexpected(200));
  totals.healthz += static_cast<double>(healthz.count(200));
  totals.seconds_healthz += healthz.seconds;
  totals.get += static_cast<double>(gets.count(200));
  totals.seconds_get += gets.seconds;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"what tracing at 100 % costs the cached GET path, beside each instance's /healthz"};
  app.add_option("--off-port", o.off_port, "HTTP port of the instance without tracing")->capture_default_str();
  app.add_option("--on-port", o.on_port, "HTTP port of the instance exporting every span")->capture_default_str();
  app.add_option("--off-pid", o.off_pid, "pid of the untraced instance")->required();
  app.add_option("--on-pid", o.on_pid, "pid of the traced instance")->required();
  app.add_option("--collector-pid", o.collector_pid, "pid of the trace backend on this machine, if any");
  app.add_option("--mongo-uri", o.mongo_uri)->envname("MONGO_URI")->capture_default_str();
  app.add_option("--database", o.database, "the instances' database")->envname("MONGO_DATABASE")->capture_default_str();
  app.add_option("--products", o.products, "cached products read round robin")->capture_default_str();
  app.add_option("--rounds", o.rounds)->envname("BENCH_ROUNDS")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--duration", o.duration_s, "seconds per phase")->envname("BENCH_DURATION")->capture_default_str();
  app.add_option("--connections", o.connections)->envname("BENCH_CONNECTIONS")->capture_default_str();
  app.add_option("--report", o.report)->capture_default_str();
  app.add_option("--commit", o.commit)->envname("BENCH_COMMIT");
  CLI11_PARSE(app, argc, argv);

  try {
    const HttpLoad off(o.host, o.off_port);
    const HttpLoad on(o.host, o.on_port);
    off.wait_ready(60s);
    on.wait_ready(60s);
    const products::adapters::mongo::MongoDriver driver;
    const auto cached = cached_products(o, off);

    // Warm both (connections, caches, the exporter's first batches).
    for (const auto* load : {&off, &on}) {
      load->run(o.connections, std::chrono::seconds(o.warmup_s),
                [&](std::uint64_t seq) { return std::optional(get(cached[seq % cached.size()])); });
    }
    Totals untraced{.pid = o.off_pid}, traced{.pid = o.on_pid};
    for (int round = 0; round < o.rounds; ++round) {
      // Alternating order: neither instance always runs on the warmer (or cooler) machine.
      if (round % 2 == 0) {
        measure(o, off, cached, untraced);
        measure(o, on, cached, traced);
      } else {
        measure(o, on, cached, traced);
        measure(o, off, cached, untraced);
      }
      std::printf("bench-tracing: round %d of %d done\n", round + 1, o.rounds);
    }

    const double untraced_share = untraced.get_rate() / untraced.healthz_rate();
    const double traced_share = traced.get_rate() / traced.healthz_rate();
    const double cost = 1.0 - traced.get_rate() / untraced.get_rate();
    const double cost_vs_limit = 1.0 - traced_share / untraced_share;
    const double cpu_cost = traced.cpu_per_get_us() / untraced.cpu_per_get_us() - 1.0;
    const double collector_per_get = traced.get > 0 ? traced.collector_cpu / traced.get * 1e6 : 0;
    const auto report = fmt::format(
        "# Tracing cost on the cached GET path\n\n"
        "Commit {}; {} rounds of {} s per phase, {} connections, {} cached products; both instances of the release\n"
        "build on this machine at once, measured in turn (alternating order), the traced one exporting every\n"
        "span (sample ratio 1) over OTLP/HTTP to the stack's Jaeger.\n\n"
        "| instance | cached GET / s | /healthz / s (its limit) | GET ÷ /healthz |\n"
        "|---|---:|---:|---:|\n"
        "| tracing off | {:.0f} | {:.0f} | {:.2f} |\n"
        "| tracing on, 100 % sampled | {:.0f} | {:.0f} | {:.2f} |\n\n"
        "Tracing costs **{:.1f} %** of cached GET throughput (**{:.1f} %** measured against each instance's own\n"
        "/healthz); the goal is under 10 %.\n\n"
        "CPU per cached GET, the service's own (user + system, from /proc, during the GET phases): {:.1f} µs\n"
        "untraced, {:.1f} µs traced: tracing adds **{:.1f} %** to the service's work per request. The trace\n"
        "backend (Jaeger, on the same two cores here) spent {:.1f} µs per traced GET receiving its spans.\n",
        o.commit, o.rounds, o.duration_s, o.connections, o.products, untraced.get_rate(), untraced.healthz_rate(),
        untraced_share, traced.get_rate(), traced.healthz_rate(), traced_share, cost * 100, cost_vs_limit * 100,
        untraced.cpu_per_get_us(), traced.cpu_per_get_us(), cpu_cost * 100, collector_per_get);
    std::ofstream(o.report) << report;
    std::printf("%s", report.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-tracing: %s\n", e.what());
    return 1;
  }
}
