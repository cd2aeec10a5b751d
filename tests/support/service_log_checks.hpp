#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/service_under_test.hpp"

namespace products::testing {

// Lines of a service log in which AddressSanitizer, LeakSanitizer or UBSan reported something.
// The tests run the sanitizer build, so a clean log means no memory error, leak or undefined
// behaviour was seen.
std::vector<std::string> sanitizer_reports(const std::string& log);

// Sends `signo` and checks the graceful stop: exit code 0 within `timeout`, the log's last word
// ("products-service stopped") written, and no sanitizer report.
::testing::AssertionResult stops_cleanly(ServiceUnderTest& service, int signo, std::chrono::milliseconds timeout);

// How many partitions the instance's Kafka consumer owns according to its latest rebalance log
// line, or nullopt before its first assignment.
std::optional<int> partitions_owned(const std::string& log);

// The last `lines` lines of a log, for failure messages.
std::string log_tail(const std::string& log, std::size_t lines = 40);

}  // namespace products::testing
