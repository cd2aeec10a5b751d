#include "support/test_env.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace products::testing {

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

}  // namespace

std::string kafka_brokers() { return env_or("KAFKA_BROKERS", "127.0.0.1:9092"); }
std::string mongo_uri() { return env_or("MONGO_URI", "mongodb://127.0.0.1:27017"); }

std::string redis_host() {
  const auto addr = env_or("REDIS_ADDR", "127.0.0.1:6379");
  return addr.substr(0, addr.rfind(':'));
}

int redis_port() {
  const auto addr = env_or("REDIS_ADDR", "127.0.0.1:6379");
  return std::stoi(addr.substr(addr.rfind(':') + 1));
}

std::string otlp_http_endpoint() { return env_or("OTLP_HTTP_ENDPOINT", "http://127.0.0.1:4318"); }
std::string jaeger_query_url() { return env_or("JAEGER_QUERY_URL", "http://127.0.0.1:16686"); }
std::string prometheus_url() { return env_or("PROMETHEUS_URL", "http://127.0.0.1:9090"); }

std::string source_path(const std::string& relative) { return fmt::format("{}/{}", PRODUCTS_SOURCE_DIR, relative); }

std::string read_source_file(const std::string& relative) {
  const auto path = source_path(relative);
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  static const auto run = std::random_device{}();
  return fmt::format("{}-{:x}-{}", prefix, run, counter++);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll);
  }
}

int stack_command(const std::string& arguments) {
  const auto command = fmt::format("bash {}/scripts/stack.sh {}", PRODUCTS_SOURCE_DIR, arguments);
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace products::testing
