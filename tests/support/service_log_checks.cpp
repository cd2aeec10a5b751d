#include "support/service_log_checks.hpp"

#include <regex>
#include <sstream>

#include <signal.h>

namespace products::testing {

std::vector<std::string> sanitizer_reports(const std::string& log) {
  static const char* const kMarkers[] = {"ERROR: AddressSanitizer", "LeakSanitizer", "runtime error:",
                                         "ERROR: UndefinedBehaviorSanitizer"};
  std::vector<std::string> reports;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    for (const auto* marker : kMarkers) {
      if (line.find(marker) != std::string::npos) {
        reports.push_back(line);
        break;
      }
    }
  }
  return reports;
}

::testing::AssertionResult stops_cleanly(ServiceUnderTest& service, int signo, std::chrono::milliseconds timeout) {
  const auto started = std::chrono::steady_clock::now();
  const auto code = service.stop(signo, timeout);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const auto log = service.process().log();
  const auto reports = sanitizer_reports(log);
  const std::string signal_name = signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : std::to_string(signo);
  const auto failure = [&signal_name] { return ::testing::AssertionFailure() << "after " << signal_name << ": "; };
  if (!code) {
    return failure() << "still running after " << timeout.count() << " ms; log tail:\n" << log_tail(log);
  }
  if (*code != 0) return failure() << "exit code " << *code << "; log tail:\n" << log_tail(log);
  if (!reports.empty()) return failure() << reports.size() << " sanitizer report(s), first: " << reports.front();
  if (log.find("products-service stopped") == std::string::npos) {
    return failure() << "exit code 0 but the log never says 'products-service stopped'; log tail:\n" << log_tail(log);
  }
  return ::testing::AssertionSuccess() << "stopped cleanly in " << took.count() << " ms";
}

std::optional<int> partitions_owned(const std::string& log) {
  // "kafka consumer assigned 3 partition(s), 6 in all" / "kafka consumer revoked 9 partition(s), 0 left"
  static const std::regex kRebalance(R"(kafka consumer (?:assigned|revoked|lost) \d+ partition\(s\), (\d+) (?:in all|left))");
  std::optional<int> owned;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), kRebalance); it != std::sregex_iterator(); ++it) {
    owned = std::stoi((*it)[1].str());
  }
  return owned;
}

std::string log_tail(const std::string& log, std::size_t lines) {
  std::size_t start = log.size();
  for (std::size_t found = 0; start > 0 && found <= lines;) {
    --start;
    if (log[start] == '\n') ++found;
  }
  return log.substr(start);
}

}  // namespace products::testing
