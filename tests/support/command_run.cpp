#include "support/command_run.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/wait.h>

#include "support/test_env.hpp"

namespace products::testing {

namespace {

// The argument in single quotes for /bin/sh, with any single quote in it closed, escaped, reopened.
std::string shell_quoted(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string read_and_remove(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::remove(path.c_str());
  return text.str();
}

}  // namespace

CommandRun run_command(const std::vector<std::string>& args) {
  const auto base = "/tmp/" + unique_name("command");
  std::string command;
  for (const auto& arg : args) command += shell_quoted(arg) + " ";
  command += "</dev/null >" + base + ".out 2>" + base + ".err";
  const int status = std::system(command.c_str());
  CommandRun run;
  run.exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_and_remove(base + ".out");
  run.err = read_and_remove(base + ".err");
  return run;
}

}  // namespace products::testing
