#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace products::testing {

// The products-service binary run as a child process, for black-box tests. Its stdout and stderr
// go to a log file that failing tests print.
class ServiceProcess {
 public:
  // `env` is added to this process's environment (overriding it).
  ServiceProcess(std::vector<std::string> args, std::map<std::string, std::string> env);
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  void signal(int signo) const;
  // The exit code (or 128 + signal) once it exited within `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string log() const;
  const std::string& log_path() const noexcept { return log_path_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// A TCP port nobody listens on right now, and not one this process was given before.
int free_port();
// Whether nothing holds 127.0.0.1:`port` now, e.g. a fixed port a test needs.
bool port_free(int port);

// Runs a command through the shell and returns its stdout.
std::string shell_output(const std::string& command);

}  // namespace products::testing
