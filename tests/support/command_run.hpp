#pragma once

#include <string>
#include <vector>

namespace products::testing {

// What a command printed and how it exited.
struct CommandRun {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

// Runs the program with its arguments (each passed as it is, whatever characters it holds) and
// waits for it to exit, its stdout and stderr captured apart.
CommandRun run_command(const std::vector<std::string>& args);

}  // namespace products::testing
