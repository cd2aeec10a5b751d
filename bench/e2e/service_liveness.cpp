#include "service_liveness.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace products::bench {

void ServiceLiveness::check() const {
  if (pid_ <= 0) return;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid_));
  std::string line;
  std::getline(stat, line);
  // The state follows the command name in parentheses, which may itself hold spaces.
  const auto paren = line.rfind(')');
  const bool alive = paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z' &&
                     line[paren + 2] != 'X';
  if (!alive) throw std::runtime_error(fmt::format("the service (pid {}) has exited; see {}", pid_, log_path_));
}

}  // namespace products::bench
