// bench-e2e: the end-to-end benchmark of issue 7, run by `make bench-e2e` (see run.sh and
// bench/README.md) against a service that run.sh has started on the benchmark's own database,
// topics and consumer group.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "adapters/mongo/mongo_driver.hpp"
#include "apply_watcher.hpp"
#include "bench_options.hpp"
#include "bench_run.hpp"
#include "raw_store.hpp"
#include "report_writer.hpp"
#include "service_liveness.hpp"

namespace {

using products::bench::BenchOptions;

// The first value of a "key : value" line of a /proc file.
std::string proc_value(const char* path, const std::string& key) {
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto value = line.find_first_not_of(" \t", colon + 1);
    return value == std::string::npos ? std::string() : line.substr(value);
  }
  return "unknown";
}

std::string memory() {
  const auto kb = proc_value("/proc/meminfo", "MemTotal");
  try {
    return fmt::format("{:.0f} GiB", std::stod(kb) / (1024.0 * 1024.0));
  } catch (const std::exception&) {
    return kb;
  }
}

products::adapters::mongo::MongoConfig store_config(const BenchOptions& o) {
  products::adapters::mongo::MongoConfig c;
  c.uri = o.mongo_uri;
  c.database = o.database;
  c.collection = o.collection;
  c.app_name = "products-bench-e2e";
  c.write_concern_w = 1;
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = BenchOptions::parse(argc, argv);
  spdlog::set_default_logger(spdlog::stderr_color_mt("bench-e2e"));
  spdlog::set_level(spdlog::level::warn);
  try {
    products::adapters::mongo::MongoDriver driver;
    if (options.cleanup_only) {
      products::bench::RawStore(store_config(options), std::chrono::seconds(60)).drop_database();
      fmt::print("bench-e2e: dropped database {}\n", options.database);
      try {
        const products::bench::ServiceLiveness nothing(0, {});
        products::bench::ApplyWatcher(options.brokers, options.group, nothing).delete_group();
      } catch (const std::exception& e) {
        // A member that died keeps the group until its session times out; Kafka expires it later.
        fmt::print("bench-e2e: consumer group {} left for Kafka to expire: {}\n", options.group, e.what());
      }
      return 0;
    }
    const auto started = std::chrono::steady_clock::now();
    const auto started_at = std::chrono::system_clock::now();
    products::bench::BenchRun run(options);
    auto results = run.run();
    auto& context = results.context;
    context.date_utc = fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(std::chrono::system_clock::to_time_t(started_at)));
    context.commit = options.commit;
    context.cpu_model = proc_value("/proc/cpuinfo", "model name");
    context.cpus = std::thread::hardware_concurrency();
    context.memory = memory();
    context.stack_note = options.stack_note;
    context.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    products::bench::ReportWriter(options, results).write();
    fmt::print("bench-e2e: report written to {}/report.md\n", options.results_dir);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench-e2e: FAILED: {}\n", e.what());
    return 1;
  }
}
