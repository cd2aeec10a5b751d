#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace products::testing {

// Addresses of the local stack (scripts/stack.sh writes them to .local/stack.env; the Makefile
// exports them). Defaults match the stack's defaults.
std::string kafka_brokers();
std::string mongo_uri();
std::string redis_host();
int redis_port();
// Jaeger of the local stack: where spans go (OTLP/HTTP base URL) and where they are read back.
std::string otlp_http_endpoint();
std::string jaeger_query_url();
// Prometheus of the local stack, "http://host:port".
std::string prometheus_url();

// A file of this source tree by its path relative to the repository root, and its content
// (std::runtime_error when it cannot be read).
std::string source_path(const std::string& relative);
std::string read_source_file(const std::string& relative);

// A name no other test run uses, for topics, groups, databases and keys.
std::string unique_name(const std::string& prefix);

// Polls `condition` until it holds or `timeout` passes; returns whether it held. Tests wait for
// conditions this way, never with a bare sleep.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds(50));

// Runs scripts/stack.sh with the given arguments (e.g. "stop-component redis"); returns its exit code.
int stack_command(const std::string& arguments);

}  // namespace products::testing
