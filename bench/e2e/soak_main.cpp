// soak: mixed traffic against one release instance for many minutes (issue 10), watching what
// should stay flat when nothing leaks: the service's resident memory, open file descriptors and
// threads, and the latency of each kind of request, minute by minute. soak.sh starts the service
// on a database, topics and Redis prefix of its own and runs this against it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "adapters/mongo/mongo_driver.hpp"
#include "domain/product_command.hpp"
#include "domain/timestamp.hpp"
#include "http_load.hpp"
#include "process_stats.hpp"
#include "raw_store.hpp"
#include "sample_catalog.hpp"
#include "soak_traffic.hpp"

namespace {

using namespace std::chrono_literals;
using products::bench::HttpLoad;
using products::bench::HttpLoadResult;
using products::bench::HttpRequestSpec;
using products::bench::ProcessStats;
using products::bench::SoakTraffic;
namespace http = boost::beast::http;

struct Options {
  std::string host = "127.0.0.1";
  int port = 5210;
  pid_t pid = 0;
  std::string mongo_uri = "mongodb://127.0.0.1:27017";
  std::string database = "products_soak";
  int minutes = 10;
  int read_connections = 4;
  int write_connections = 2;
  int search_connections = 1;
  // Offered load per second (0: closed loop, as fast as answers come). The defaults are what the
  // local stack (FerretDB on SQLite) sustains on a shared two-core machine: a soak measures a
  // steady state, not a backlog that grows.
  double read_rate = 200;
  double write_rate = 20;
  double search_rate = 0.5;
  std::size_t hot = 64;
  std::size_t updated = 1000;
  std::size_t deleted = 1000;
  std::string report = "bench/e2e/results/soak.md";
  std::string commit = "unknown";
};

struct Sample {
  double rss_mib = 0;
  int fds = 0;
  int threads = 0;
  double cpu_s = 0;
  double load = 0;  // the machine's one-minute load average: how much else ran beside the soak
};

double load_average() {
  double one_minute = 0;
  std::ifstream("/proc/loadavg") >> one_minute;
  return one_minute;
}

Sample sample(pid_t pid) {
  return {static_cast<double>(ProcessStats::rss_bytes(pid)) / (1024.0 * 1024.0), ProcessStats::open_fds(pid),
          ProcessStats::threads(pid), ProcessStats::cpu_seconds(pid), load_average()};
}

struct Minute {
  HttpLoadResult reads, writes, searches;
  Sample after;
};

// Answers that are neither the expected success nor a client's mistake the traffic makes on
// purpose: 5xx and network errors.
std::uint64_t failures(const HttpLoadResult& result) {
  std::uint64_t out = result.errors;
  for (const auto& [status, n] : result.statuses) {
    if (status >= 500) out += n;
  }
  return out;
}

std::vector<products::domain::Product> seed(const Options& o, const products::bench::SampleCatalog& samples) {
  products::adapters::mongo::MongoConfig config;
  config.uri = o.mongo_uri;
  config.database = o.database;
  config.collection = "products";
  config.app_name = "products-soak";
  products::bench::RawStore store(config, 60s);
  std::vector<products::domain::Product> all;
  const auto count = o.hot + o.updated + o.deleted;
  for (std::size_t i = 0; i < count; ++i) all.push_back(samples.product(i, products::domain::now_ms()));
  const auto version = products::domain::version_now();
  for (std::size_t from = 0; from < all.size(); from += products::bench::RawStore::kMaxBatch) {
    const auto size = std::min(products::bench::RawStore::kMaxBatch, all.size() - from);
    store.insert_many(std::span(all).subspan(from, size), version);
  }
  return all;
}

// Growth of the second half's mean over the first half's, in percent: a trend, not one bad minute.
double trend_percent(const std::vector<double>& values) {
  const auto half = values.size() / 2;
  if (half == 0) return 0;
  double first = 0, second = 0;
  for (std::size_t i = 0; i < half; ++i) first += values[i];
  for (std::size_t i = values.size() - half; i < values.size(); ++i) second += values[i];
  return first > 0 ? (second / first - 1) * 100 : 0;
}

std::string row(int minute, const Minute& m) {
  const auto kind = [](const HttpLoadResult& r) {
    return fmt::format("{:.1f} | {:.1f} | {:.1f}", static_cast<double>(r.answered()) / r.seconds, r.latency.p50(),
                       r.latency.p99());
  };
  return fmt::format("| {} | {} | {} | {} | {} | {:.1f} | {} | {} | {:.1f} |\n", minute, kind(m.reads),
                     kind(m.writes), kind(m.searches), failures(m.reads) + failures(m.writes) + failures(m.searches),
                     m.after.rss_mib, m.after.fds, m.after.threads, m.after.load);
}

std::string report(const Options& o, const Sample& start, const std::vector<Minute>& minutes) {
  std::vector<double> read_p99, write_p99;
  std::uint64_t failed = 0, requests = 0;
  std::string table;
  HttpLoadResult reads, writes, searches;  // the whole run's answers by status
  const auto add = [](HttpLoadResult& into, const HttpLoadResult& minute) {
    for (const auto& [status, n] : minute.statuses) into.statuses[status] += n;
    into.errors += minute.errors;
    if (into.first_error.empty()) into.first_error = minute.first_error;
  };
  for (std::size_t i = 0; i < minutes.size(); ++i) {
    const auto& m = minutes[i];
    read_p99.push_back(m.reads.latency.p99());
    write_p99.push_back(m.writes.latency.p99());
    failed += failures(m.reads) + failures(m.writes) + failures(m.searches);
    requests += m.reads.answered() + m.writes.answered() + m.searches.answered();
    add(reads, m.reads);
    add(writes, m.writes);
    add(searches, m.searches);
    table += row(static_cast<int>(i + 1), m);
  }
  // Writes answer 202, searches 200, reads 200 and, for the ids never stored, 404.
  const auto unexpected = fmt::format(
      "Answers other than 200 (reads, searches) or 202 (writes): reads {} (the 404s are the uncached reads); "
      "writes {}; searches {}.",
      reads.unexpected(200), writes.unexpected(202), searches.unexpected(200));
  const auto& end = minutes.back().after;
  // After the first minute the caches, pools and allocator arenas are warm: growth from there on
  // is what a leak would show.
  const auto& warm = minutes.front().after;
  const double rss_growth = (end.rss_mib / warm.rss_mib - 1) * 100;
  const int fd_growth = end.fds - warm.fds;
  const double read_trend = trend_percent(read_p99), write_trend = trend_percent(write_p99);
  const bool rss_flat = rss_growth < 10, fds_flat = fd_growth <= 2, p99_flat = read_trend < 50 && write_trend < 50;
  const auto verdict = fmt::format(
      "**Verdict: RSS {} ({:+.1f} MiB, {:+.1f} % from the end of minute 1 to the end; {:+.1f} MiB from the start), "
      "fds {} ({} → {} → {}), p99 {} (second half against first: reads {:+.0f} %, writes {:+.0f} %); "
      "{} failed of {} requests.**",
      rss_flat ? "flat" : "GROWING", end.rss_mib - warm.rss_mib, rss_growth, end.rss_mib - start.rss_mib,
      fds_flat ? "flat" : "GROWING", start.fds, warm.fds, end.fds, p99_flat ? "flat" : "RISING", read_trend,
      write_trend, failed, requests);
  return fmt::format(
      "# Soak: {} minutes of mixed traffic\n\n"
      "Commit {}; one release instance; offered per second (0: closed loop): {} reads on {} connections (4 in 5 "
      "GETs of {} cached products, 1 in 5 of ids never stored: uncached, 404), {} writes on {} (create, create, "
      "update, update, delete), {} searches on {}; {} seeded products.\n\n"
      "At the start (after seeding and one read of each cached product): RSS {:.1f} MiB, {} open fds, {} threads.\n\n"
      "| minute | reads/s | read p50 ms | read p99 ms | writes/s | write p50 ms | write p99 ms | searches/s | "
      "search p50 ms | search p99 ms | 5xx + errors | RSS MiB | fds | threads | load avg |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
      "{}\n"
      "{}\n\nService CPU: {:.0f} s over the run.\n\n{}\n",
      o.minutes, o.commit, o.read_rate, o.read_connections, o.hot, o.write_rate, o.write_connections,
      o.search_rate, o.search_connections,
      o.hot + o.updated + o.deleted, start.rss_mib, start.fds, start.threads, table, unexpected,
      end.cpu_s - start.cpu_s, verdict);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"mixed traffic against one running service for many minutes; RSS, fds and latency per minute"};
  app.add_option("--port", o.port, "the service's HTTP port")->capture_default_str();
  app.add_option("--pid", o.pid, "the service's pid, for /proc")->required();
  app.add_option("--mongo-uri", o.mongo_uri)->envname("MONGO_URI")->capture_default_str();
  app.add_option("--database", o.database, "the service's database")->envname("MONGO_DATABASE")->capture_default_str();
  app.add_option("--minutes", o.minutes)->envname("SOAK_MINUTES")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--read-connections", o.read_connections)->envname("SOAK_READ_CONNECTIONS")->capture_default_str();
  app.add_option("--write-connections", o.write_connections)->envname("SOAK_WRITE_CONNECTIONS")->capture_default_str();
  app.add_option("--search-connections", o.search_connections)->capture_default_str();
  app.add_option("--read-rate", o.read_rate, "reads per second, 0: closed loop")->envname("SOAK_READ_RATE")
      ->capture_default_str();
  app.add_option("--write-rate", o.write_rate, "writes per second, 0: closed loop")->envname("SOAK_WRITE_RATE")
      ->capture_default_str();
  app.add_option("--search-rate", o.search_rate, "searches per second, 0: closed loop")->envname("SOAK_SEARCH_RATE")
      ->capture_default_str();
  app.add_option("--report", o.report)->capture_default_str();
  app.add_option("--commit", o.commit)->envname("SOAK_COMMIT");
  CLI11_PARSE(app, argc, argv);

  try {
    const HttpLoad load(o.host, o.port);
    load.wait_ready(60s);
    const products::adapters::mongo::MongoDriver driver;
    const products::bench::SampleCatalog samples("soakcup");
    std::printf("soak: seeding %zu products\n", o.hot + o.updated + o.deleted);
    SoakTraffic traffic(seed(o, samples), o.hot, o.updated, o.deleted, samples);
    for (const auto& target : traffic.hot_targets()) {
      if (load.once({http::verb::get, target, {}}).count(200) == 0) throw std::runtime_error(target + " is not readable");
    }

    const auto start = sample(o.pid);
    std::vector<Minute> minutes;
    auto reads = traffic.reads(), writes = traffic.writes(), searches = traffic.searches();
    for (int minute = 1; minute <= o.minutes; ++minute) {
      Minute m;
      {
        std::jthread writing([&] { m.writes = load.run(o.write_connections, 60s, writes, o.write_rate); });
        std::jthread searching([&] { m.searches = load.run(o.search_connections, 60s, searches, o.search_rate); });
        m.reads = load.run(o.read_connections, 60s, reads, o.read_rate);
      }
      m.after = sample(o.pid);
      minutes.push_back(m);
      std::printf("soak: %s", row(minute, m).c_str());
      std::fflush(stdout);
    }

    const auto text = report(o, start, minutes);
    std::ofstream(o.report) << text;
    std::printf("%s", text.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soak: %s\n", e.what());
    return 1;
  }
}
