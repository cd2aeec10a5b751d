#pragma once

#include <string>

#include <sys/types.h>

namespace products::bench {

// The benchmarked service process, started by run.sh: a wait that would otherwise run into its
// deadline fails at once, and clearly, when the service is gone.
class ServiceLiveness {
 public:
  // pid 0: nothing to watch (a service run by hand).
  ServiceLiveness(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}

  // Throws std::runtime_error naming the pid and the log when the process exited (or is a zombie).
  void check() const;

 private:
  pid_t pid_;
  std::string log_path_;
};

}  // namespace products::bench
