#pragma once

#include <cstdint>

#include <sys/types.h>

namespace products::bench {

// What /proc says about a process of this machine (the benchmarked service). Each throws
// std::runtime_error when there is no such process.
class ProcessStats {
 public:
  // User plus system CPU seconds so far (/proc/PID/stat, fields 14 and 15); 0 for pid 0.
  static double cpu_seconds(pid_t pid);
  // Resident set size (VmRSS of /proc/PID/status).
  static std::int64_t rss_bytes(pid_t pid);
  // Threads (Threads of /proc/PID/status).
  static int threads(pid_t pid);
  // Open file descriptors: the entries of /proc/PID/fd, sockets included.
  static int open_fds(pid_t pid);
};

}  // namespace products::bench
