#include "process_stats.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace products::bench {

namespace {

std::string proc_path(pid_t pid, const char* entry) { return "/proc/" + std::to_string(pid) + "/" + entry; }

// The number after `key` ("VmRSS:") in /proc/PID/status.
std::int64_t status_field(pid_t pid, const std::string& key) {
  std::ifstream status(proc_path(pid, "status"));
  if (!status) throw std::runtime_error("no process " + std::to_string(pid));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(key, 0) == 0) return std::stoll(line.substr(key.size()));
  }
  throw std::runtime_error("no " + key + " in " + proc_path(pid, "status"));
}

}  // namespace

double ProcessStats::cpu_seconds(pid_t pid) {
  if (pid <= 0) return 0;
  std::ifstream stat(proc_path(pid, "stat"));
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto after_name = text.rfind(')');  // the command name may hold spaces
  if (after_name == std::string::npos) throw std::runtime_error("no process " + std::to_string(pid));
  std::istringstream fields(text.substr(after_name + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::int64_t ProcessStats::rss_bytes(pid_t pid) { return status_field(pid, "VmRSS:") * 1024; }

int ProcessStats::threads(pid_t pid) { return static_cast<int>(status_field(pid, "Threads:")); }

int ProcessStats::open_fds(pid_t pid) {
  std::error_code error;
  std::filesystem::directory_iterator entries(proc_path(pid, "fd"), error);
  if (error) throw std::runtime_error("cannot list " + proc_path(pid, "fd") + ": " + error.message());
  return static_cast<int>(std::distance(entries, std::filesystem::directory_iterator()));
}

}  // namespace products::bench
