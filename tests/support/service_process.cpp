#include "support/service_process.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "support/test_env.hpp"

extern char** environ;

namespace products::testing {

ServiceProcess::ServiceProcess(std::vector<std::string> args, std::map<std::string, std::string> env)
    : log_path_(fmt::format("{}/{}.log", PRODUCTS_BINARY_DIR, unique_name("service"))) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (auto& [key, value] : env) merged[key] = value;
  std::vector<std::string> env_strings;
  for (auto& [key, value] : merged) env_strings.push_back(key + "=" + value);

  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot open " + log_path_);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::chdir(PRODUCTS_SOURCE_DIR);
    ::execve(argv[0], argv.data(), envp.data());
    std::_Exit(127);
  }
  ::close(log_fd);
}

ServiceProcess::~ServiceProcess() {
  if (running()) {
    signal(SIGKILL);
    wait_exit(std::chrono::seconds(10));
  }
}

void ServiceProcess::signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

std::optional<int> ServiceProcess::wait_exit(std::chrono::milliseconds timeout) {
  wait_until([this] { return !running(); }, timeout, std::chrono::milliseconds(20));
  return exit_code_;
}

bool ServiceProcess::running() {
  if (exit_code_ || pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return false;
}

std::string ServiceProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

namespace {

// A socket bound to 127.0.0.1:`port` (0: any free port), or -1 when the port is taken. With
// SO_REUSEADDR, as servers bind: connections of an earlier listener in TIME_WAIT do not count.
int bound_socket(int port, sockaddr_in& addr) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

int free_port() {
  // The kernel may hand a closed ephemeral port out again at once (an instance's metrics port was
  // once its own gRPC port, which it had already bound): a process never gets the same one twice.
  static std::mutex mutex;
  static std::set<int> given;
  const std::lock_guard lock(mutex);
  while (true) {
    sockaddr_in addr;
    const int fd = bound_socket(0, addr);
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    const int port = ntohs(addr.sin_port);
    if (given.insert(port).second) return port;
  }
}

bool port_free(int port) {
  sockaddr_in addr;
  const int fd = bound_socket(port, addr);
  if (fd >= 0) ::close(fd);
  return fd >= 0;
}

std::string shell_output(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

}  // namespace products::testing
