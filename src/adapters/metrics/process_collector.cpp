#include "adapters/metrics/process_collector.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace products::adapters::metrics {

namespace {

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type, double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return {std::move(name), std::move(help), type, {metric}};
}

// The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')':
// fields()[0] is field 3 (state) of proc(5).
std::optional<std::vector<std::string>> stat_fields(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const auto end_of_name = line.rfind(')');
  if (end_of_name == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(end_of_name + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(std::move(field));
  if (fields.size() < 22) return std::nullopt;
  return fields;
}

// The system's boot time, seconds since the epoch ("btime" in /proc/stat).
std::optional<double> boot_time(const std::string& path) {
  std::ifstream in(path);
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double value = 0;
      if (in >> value) return value;
      return std::nullopt;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return std::nullopt;
}

// The soft limit of "Max open files" in /proc/<pid>/limits.
std::optional<double> max_open_files(const std::string& path) {
  std::ifstream in(path);
  constexpr std::string_view kName = "Max open files";
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with(kName)) continue;
    std::istringstream values(line.substr(kName.size()));
    std::string soft;
    values >> soft;
    if (soft == "unlimited") return std::nullopt;
    try {
      return std::stod(soft);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// The numeric fields read below parse, so that std::stod cannot throw on a scrape.
bool stat_numbers_valid(const std::vector<std::string>& fields) {
  for (const auto index : {11, 12, 19, 20, 21}) {
    const auto& field = fields[static_cast<std::size_t>(index)];
    if (field.empty() || field.find_first_not_of("0123456789") != std::string::npos) return false;
  }
  return true;
}

}  // namespace

ProcessCollector::ProcessCollector(std::string proc)
    : proc_(std::move(proc)), ticks_per_second_(sysconf(_SC_CLK_TCK)), page_bytes_(sysconf(_SC_PAGESIZE)) {}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> families;
  const auto self = proc_ + "/self";
  const auto stat = stat_fields(self + "/stat");
  if (stat && stat_numbers_valid(*stat)) {
    const auto& f = *stat;
    const double ticks = static_cast<double>(ticks_per_second_);
    // proc(5) fields 14 utime, 15 stime, 22 starttime (ticks since boot), 23 vsize (bytes), 24 rss (pages).
    const double cpu = (std::stod(f[11]) + std::stod(f[12])) / ticks;
    families.push_back(family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                              MetricType::Counter, cpu));
    families.push_back(family("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
                              std::stod(f[20])));
    families.push_back(family("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
                              std::stod(f[21]) * static_cast<double>(page_bytes_)));
    if (const auto booted = boot_time(proc_ + "/stat")) {
      families.push_back(family("process_start_time_seconds",
                                "Start time of the process since unix epoch in seconds.", MetricType::Gauge,
                                *booted + std::stod(f[19]) / ticks));
    }
  }
  std::error_code error;
  std::size_t fds = 0;
  for (std::filesystem::directory_iterator it(self + "/fd", error), end; !error && it != end; it.increment(error)) {
    ++fds;
  }
  if (!error) {
    families.push_back(family("process_open_fds", "Number of open file descriptors.", MetricType::Gauge,
                              static_cast<double>(fds)));
  }
  if (const auto limit = max_open_files(self + "/limits")) {
    families.push_back(
        family("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, *limit));
  }
  return families;
}

}  // namespace products::adapters::metrics
