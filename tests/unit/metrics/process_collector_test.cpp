#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "adapters/metrics/process_collector.hpp"

namespace products::adapters::metrics {
namespace {

std::map<std::string, double> values(const ProcessCollector& collector) {
  std::map<std::string, double> out;
  for (const auto& family : collector.Collect()) {
    EXPECT_EQ(family.metric.size(), 1u) << family.name;
    const auto& metric = family.metric.front();
    out[family.name] = family.type == prometheus::MetricType::Counter ? metric.counter.value : metric.gauge.value;
  }
  return out;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(ProcessCollector, ReadsThisProcess) {
  const auto v = values(ProcessCollector());
  ASSERT_EQ(v.size(), 6u);
  EXPECT_GE(v.at("process_cpu_seconds_total"), 0.0);
  EXPECT_GT(v.at("process_resident_memory_bytes"), 1e6);
  EXPECT_GT(v.at("process_virtual_memory_bytes"), v.at("process_resident_memory_bytes"));
  EXPECT_GE(v.at("process_open_fds"), 3.0);
  EXPECT_GE(v.at("process_max_fds"), v.at("process_open_fds"));
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  // Started before this test, and not before the test binary could have been built.
  EXPECT_LE(v.at("process_start_time_seconds"), now + 1);
  EXPECT_GT(v.at("process_start_time_seconds"), now - 3600);
}

TEST(ProcessCollector, ReadsTheFieldsOfProc5) {
  const auto root = std::filesystem::temp_directory_path() / ("fake-proc-" + std::to_string(getpid()));
  // A command name with a space and a parenthesis, which naive splitting gets wrong.
  write(root / "self/stat",
        "42 (a b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 3 0 1000 8192000 500 18446744073709551615\n");
  write(root / "stat", "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n");
  write(root / "self/limits",
        "Limit                     Soft Limit           Hard Limit           Units\n"
        "Max open files            1024                 4096                 files\n");
  write(root / "self/fd/0", "");
  write(root / "self/fd/1", "");
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const auto page = static_cast<double>(sysconf(_SC_PAGESIZE));

  const auto v = values(ProcessCollector(root.string()));
  std::filesystem::remove_all(root);

  EXPECT_DOUBLE_EQ(v.at("process_cpu_seconds_total"), 400 / ticks);
  EXPECT_DOUBLE_EQ(v.at("process_start_time_seconds"), 1700000000 + 1000 / ticks);
  EXPECT_DOUBLE_EQ(v.at("process_virtual_memory_bytes"), 8192000);
  EXPECT_DOUBLE_EQ(v.at("process_resident_memory_bytes"), 500 * page);
  EXPECT_DOUBLE_EQ(v.at("process_open_fds"), 2);
  EXPECT_DOUBLE_EQ(v.at("process_max_fds"), 1024);
}

TEST(ProcessCollector, LeavesOutWhatItCannotRead) {
  const auto v = values(ProcessCollector("/nonexistent-proc"));
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace products::adapters::metrics
