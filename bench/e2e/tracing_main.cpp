// bench-tracing: what tracing costs the request path (issue 8). Four instances of the release
// service, started by tracing.sh on the same database, topics and Redis prefix: two with tracing
// off (the second a control: what two identical instances differ by is the method's noise), one
// exporting every span (sample ratio 1) to an OTLP receiver in this program that only
// counts them, one exporting every span to the stack's Jaeger. They are measured in turn, in a
// rotating order, round after round, so that the machine's drift hits all alike: cached GET per
// second and, beside each, the instance's own /healthz per second (the server's raw rate), with the
// CPU the instance, its trace receiver and the load generator spent per GET. On two cores a
// collector's work comes out of the load generator's core (Jaeger's is about half the service's);
// the counting receiver shows what tracing costs the service itself.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "adapters/mongo/mongo_driver.hpp"
#include "domain/timestamp.hpp"
#include "domain/product_command.hpp"
#include "http_load.hpp"
#include "otlp_span_counter.hpp"
#include "process_stats.hpp"
#include "raw_store.hpp"
#include "sample_catalog.hpp"

namespace {

using namespace std::chrono_literals;
using products::bench::HttpLoad;
using products::bench::HttpRequestSpec;
using products::bench::ProcessStats;
namespace http = boost::beast::http;

struct Options {
  std::string host = "127.0.0.1";
  int off_port = 5208;
  int counted_port = 5210;
  int control_port = 5211;
  int counter_port = 4328;
  int on_port = 5209;
  pid_t off_pid = 0;  // for the CPU time each instance spends per request
  pid_t counted_pid = 0;
  pid_t control_pid = 0;
  pid_t on_pid = 0;
  pid_t collector_pid = 0;  // the trace backend's, when it runs on this machine
  std::string mongo_uri = "mongodb://127.0.0.1:27017";
  std::string database = "products_bench_tracing";
  int products = 64;
  int rounds = 3;
  int duration_s = 5;
  int warmup_s = 2;
  int connections = 64;
  double service_cores = 0;  // the CPU limit tracing.sh gave each instance, 0: none
  std::string report = "bench/e2e/results/tracing.md";
  std::string commit = "unknown";
};

// One instance under measurement and its sums over the rounds.
struct Instance {
  std::string label;
  HttpLoad load;
  pid_t pid = 0;
  std::function<double()> collector_cpu = [] { return 0.0; };  // its trace receiver's CPU seconds so far
  double get = 0;      // cached GETs answered 200
  double healthz = 0;  // /healthz answered 200
  double seconds_get = 0;
  double seconds_healthz = 0;
  double cpu_get = 0;        // the instance's CPU seconds during the GET phases
  double collector_cpu_get = 0;
  double client_cpu_get = 0;  // the load generator's
  std::uint64_t answered = 0;  // every GET it answered, warm-up included: each one's spans are exported
  std::vector<double> round_rates;  // cached GETs per second, round by round
  double per_get_us(double cpu) const { return get > 0 ? cpu / get * 1e6 : 0; }
  double get_rate() const { return seconds_get > 0 ? get / seconds_get : 0; }
  double healthz_rate() const { return seconds_healthz > 0 ? healthz / seconds_healthz : 0; }
  // The share of a core the instance used while it answered GETs: with the instances pinned to
  // one CPU, near 100 % says the service was the bottleneck, not the load generator.
  double busy() const { return seconds_get > 0 ? cpu_get / seconds_get : 0; }
  // What one fully busy core of the service answers: the throughput where the service, not the
  // load generator, is the bottleneck.
  double per_core_rate() const { return cpu_get > 0 ? get / cpu_get : 0; }
};

// CPU seconds the calling thread has used: the load generator runs on it.
double thread_cpu_seconds() {
  timespec used{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);
  return static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9;
}

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

void measure(const Options& o, const std::vector<std::string>& cached, Instance& instance) {
  const auto duration = std::chrono::seconds(o.duration_s);
  const auto healthz = instance.load.run(o.connections, duration, HttpLoad::repeat(get("/healthz")));
  const auto cpu_before = ProcessStats::cpu_seconds(instance.pid);
  const auto collector_before = instance.collector_cpu();
  const auto client_before = thread_cpu_seconds();
  const auto gets = instance.load.run(o.connections, duration, [&](std::uint64_t seq) {
    return std::optional(get(cached[seq % cached.size()]));
  });
  instance.cpu_get += ProcessStats::cpu_seconds(instance.pid) - cpu_before;
  instance.collector_cpu_get += instance.collector_cpu() - collector_before;
  instance.client_cpu_get += thread_cpu_seconds() - client_before;
  if (gets.count(200) == 0) throw std::runtime_error(instance.label + ", cached GET: " + gets.unexpected(200));
  instance.healthz += static_cast<double>(healthz.count(200));
  instance.seconds_healthz += healthz.seconds;
  instance.get += static_cast<double>(gets.count(200));
  instance.answered += gets.answered();
  instance.seconds_get += gets.seconds;
  instance.round_rates.push_back(gets.seconds > 0 ? static_cast<double>(gets.count(200)) / gets.seconds : 0);
}

// What tracing costs `traced` in each round, in percent of the untraced rate of that round (the mean
// of both untraced instances, measured within the same minute): the machine's drift across a run
// moves all four of a round alike, and a round that drifted within itself shows as an outlier.
std::vector<double> round_costs(const Instance& traced, const Instance& untraced, const Instance& control) {
  std::vector<double> costs;
  for (std::size_t r = 0; r < traced.round_rates.size(); ++r) {
    const auto reference = (untraced.round_rates[r] + control.round_rates[r]) / 2;
    costs.push_back(reference > 0 ? (1.0 - traced.round_rates[r] / reference) * 100 : 0);
  }
  std::sort(costs.begin(), costs.end());
  return costs;
}

double median(const std::vector<double>& sorted) {
  if (sorted.empty()) return 0;
  const auto middle = sorted.size() / 2;
  return sorted.size() % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// "median (min … max)" of sorted per-round figures.
std::string spread(const std::vector<double>& sorted) {
  if (sorted.empty()) return "n/a";
  return fmt::format("{:.1f} % ({:.1f} … {:.1f})", median(sorted), sorted.front(), sorted.back());
}

// The receiver's span count once the exporter has sent what it held at the end (it sends at least
// every second): unchanged for two seconds, or whatever it is after ten.
std::uint64_t settled_count(const products::bench::OtlpSpanCounter& counter) {
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  auto last = counter.spans();
  auto last_change = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() < give_up && std::chrono::steady_clock::now() - last_change < 2s) {
    std::this_thread::sleep_for(100ms);
    if (const auto now = counter.spans(); now != last) {
      last = now;
      last_change = std::chrono::steady_clock::now();
    }
  }
  return last;
}

// Which side set the measured rates.
std::string bottleneck(const Options& o) {
  if (o.service_cores > 0) {
    return fmt::format(
        "Each instance ran under a CPU limit of {} of a core (a CFS quota, as a\n"
        "Kubernetes limit sets it): where it was that busy, the service, not the load generator, set the rate.",
        o.service_cores);
  }
  return "An instance below 100 % busy was not the bottleneck of its\n"
         "row: its rate is the load generator's, and an idling service spends more per request (a wake-up each).";
}

std::string row(const Instance& i) {
  return fmt::format("| {} | {:.0f} | {:.0f} | {:.2f} | {:.1f} | {:.0f} % | {:.0f} | {:.1f} | {:.1f} |\n", i.label,
                     i.get_rate(), i.healthz_rate(), i.get_rate() / i.healthz_rate(), i.per_get_us(i.cpu_get),
                     i.busy() * 100, i.per_core_rate(), i.per_get_us(i.collector_cpu_get),
                     i.per_get_us(i.client_cpu_get));
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"what tracing at 100 % costs the cached GET path, beside each instance's /healthz"};
  app.add_option("--off-port", o.off_port, "HTTP port of the instance without tracing")->capture_default_str();
  app.add_option("--off-pid", o.off_pid, "pid of the untraced instance")->required();
  app.add_option("--counted-port", o.counted_port, "HTTP port of the instance exporting to --counter-port")
      ->capture_default_str();
  app.add_option("--counted-pid", o.counted_pid, "pid of that instance")->required();
  app.add_option("--counter-port", o.counter_port, "where this program receives and counts that instance's spans")
      ->capture_default_str();
  app.add_option("--control-port", o.control_port, "HTTP port of a second untraced instance")->capture_default_str();
  app.add_option("--control-pid", o.control_pid, "pid of that instance")->required();
  app.add_option("--on-port", o.on_port, "HTTP port of the instance exporting to the trace backend")
      ->capture_default_str();
  app.add_option("--on-pid", o.on_pid, "pid of that instance")->required();
  app.add_option("--collector-pid", o.collector_pid, "pid of the trace backend on this machine, if any");
  app.add_option("--mongo-uri", o.mongo_uri)->envname("MONGO_URI")->capture_default_str();
  app.add_option("--database", o.database, "the instances' database")->envname("MONGO_DATABASE")->capture_default_str();
  app.add_option("--products", o.products, "cached products read round robin")->capture_default_str();
  app.add_option("--rounds", o.rounds)->envname("BENCH_ROUNDS")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--duration", o.duration_s, "seconds per phase")->envname("BENCH_DURATION")->capture_default_str();
  app.add_option("--connections", o.connections)->envname("BENCH_CONNECTIONS")->capture_default_str();
  app.add_option("--service-cores", o.service_cores, "the CPU limit each instance runs under (cores), if any")
      ->envname("BENCH_SERVICE_CORES");
  app.add_option("--report", o.report)->capture_default_str();
  app.add_option("--commit", o.commit)->envname("BENCH_COMMIT");
  CLI11_PARSE(app, argc, argv);

  try {
    const products::bench::OtlpSpanCounter counter(static_cast<unsigned short>(o.counter_port));
    std::vector<Instance> instances;
    instances.push_back({.label = "tracing off", .load = HttpLoad(o.host, o.off_port), .pid = o.off_pid});
    instances.push_back({.label = "tracing off, control", .load = HttpLoad(o.host, o.control_port), .pid = o.control_pid});
    instances.push_back({.label = "traced, to the counting receiver",
                         .load = HttpLoad(o.host, o.counted_port),
                         .pid = o.counted_pid,
                         .collector_cpu = [&counter] { return counter.cpu_seconds(); }});
    instances.push_back({.label = "traced, to Jaeger",
                         .load = HttpLoad(o.host, o.on_port),
                         .pid = o.on_pid,
                         .collector_cpu = [&o] { return ProcessStats::cpu_seconds(o.collector_pid); }});
    for (const auto& instance : instances) instance.load.wait_ready(60s);
    const products::adapters::mongo::MongoDriver driver;
    const auto cached = cached_products(o, instances.front().load);

    // Warm every instance (connections, caches, the exporters' first batches).
    for (auto& instance : instances) {
      instance.answered += instance.load
                               .run(o.connections, std::chrono::seconds(o.warmup_s),
                                    [&](std::uint64_t seq) { return std::optional(get(cached[seq % cached.size()])); })
                               .answered();
    }
    for (int round = 0; round < o.rounds; ++round) {
      // A rotating order: no instance always runs on the warmer (or cooler) machine.
      for (std::size_t k = 0; k < instances.size(); ++k) {
        measure(o, cached, instances[(k + static_cast<std::size_t>(round)) % instances.size()]);
      }
      std::printf("bench-tracing: round %d of %d done\n", round + 1, o.rounds);
    }

    const auto received = settled_count(counter);
    const auto& untraced = instances[0];
    const auto& control = instances[1];
    const auto& counted = instances[2];
    const auto& jaeger = instances[3];
    const auto cost = [&](const Instance& traced) { return (1.0 - traced.get_rate() / untraced.get_rate()) * 100; };
    const auto core_cost = [&](const Instance& traced) {
      return (1.0 - traced.per_core_rate() / untraced.per_core_rate()) * 100;
    };
    // The control's own per-round difference from the first untraced instance: the method's noise.
    std::vector<double> control_noise;
    for (std::size_t r = 0; r < untraced.round_rates.size(); ++r) {
      control_noise.push_back(untraced.round_rates[r] > 0 ? (1.0 - control.round_rates[r] / untraced.round_rates[r]) * 100 : 0);
    }
    std::sort(control_noise.begin(), control_noise.end());
    const auto report = fmt::format(
        "# Tracing cost on the cached GET path\n\n"
        "Commit {}; {} rounds of {} s per phase, {} connections, {} cached products; four instances of the release\n"
        "build on this machine at once, measured in turn (rotating order): two untraced, two exporting every span\n"
        "(sample ratio 1) over OTLP/HTTP, one to a receiver in the load generator that only counts the spans (as a\n"
        "collector on another machine would cost this one nothing), one to the stack's Jaeger.\n\n"
        "| instance | cached GET / s | /healthz / s (its limit) | GET ÷ /healthz | service CPU µs / GET | service busy "
        "| GET / s per busy service core | receiver CPU µs / GET | load generator CPU µs / GET |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "{}{}{}{}\n"
        "Tracing costs **{:.1f} %** of cached GET throughput with the trace backend's work off this machine (the\n"
        "counting receiver) and **{:.1f} %** with Jaeger receiving the spans on the same two cores; per CPU-second\n"
        "of the service, {:.1f} % and {:.1f} %. The goal is under 10 %. The two untraced instances differed by\n"
        "**{:.1f} %** (the control's rate against the first's): a difference that size is this run's noise. {}\n\n"
        "Round by round, against the mean of the two untraced instances in the same round (median, min … max over\n"
        "{} rounds): tracing costs **{}** to the counting receiver and {} with Jaeger; the control\n"
        "against the first untraced instance: {}.\n\n"
        "The counting receiver took {} spans in {} requests ({} rejected): {:.3f} per GET its instance answered\n"
        "(a cached GET makes two: the HTTP server span and the Redis client span; answers that came after a\n"
        "phase's window are not among the GETs counted).\n",
        o.commit, o.rounds, o.duration_s, o.connections, o.products, row(untraced), row(control), row(counted),
        row(jaeger), cost(counted), cost(jaeger), core_cost(counted), core_cost(jaeger), cost(control), bottleneck(o), o.rounds,
        spread(round_costs(counted, untraced, control)), spread(round_costs(jaeger, untraced, control)),
        spread(control_noise), received, counter.requests(),
        counter.rejected(), counted.answered > 0 ? static_cast<double>(received) / counted.answered : 0.0);
    std::ofstream(o.report) << report;
    std::printf("%s", report.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-tracing: %s\n", e.what());
    return 1;
  }
}
