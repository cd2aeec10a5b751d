#include "support/service_under_test.hpp"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <signal.h>

#include <fmt/format.h>

#include "support/test_env.hpp"

namespace products::testing {

std::string built_binary(const std::string& relative) {
  return fmt::format("{}/{}", PRODUCTS_BINARY_DIR, relative);
}

namespace {

// tools/create-topics on the namespace's topics, with `flags` before them.
std::string topics_command(const ServiceNamespace& ns, const std::string& brokers, const std::string& flags) {
  return fmt::format("{} --brokers {} {} --topics {} {} {} {} >/dev/null", built_binary("tools/create-topics"),
                     brokers, flags, ns.create_topic, ns.update_topic, ns.delete_topic, ns.dead_letter_topic);
}

class TopicsLease {
 public:
  explicit TopicsLease(std::string delete_command) : delete_command_(std::move(delete_command)) {}
  ~TopicsLease() {
    // A topic left behind harms no other test, only the broker's start-up time.
    if (std::system(delete_command_.c_str()) != 0) std::cerr << "could not delete topics: " << delete_command_ << '\n';
  }
  TopicsLease(const TopicsLease&) = delete;
  TopicsLease& operator=(const TopicsLease&) = delete;

 private:
  std::string delete_command_;
};

}  // namespace

ServiceNamespace ServiceNamespace::fresh(const std::string& brokers, int replication_factor) {
  const auto prefix = unique_name("e2e");
  ServiceNamespace ns{prefix + "-create", prefix + "-update", prefix + "-delete", prefix + "-dlq",
                      prefix + "-group", "db_" + prefix.substr(4), nullptr};
  for (auto& c : ns.database) {
    if (c == '-') c = '_';
  }
  const auto command = topics_command(ns, brokers, fmt::format("--replication-factor {}", replication_factor));
  if (std::system(command.c_str()) != 0) throw std::runtime_error("could not create topics: " + command);
  ns.topics_lease = std::make_shared<const TopicsLease>(topics_command(ns, brokers, "--delete"));
  return ns;
}

ServiceUnderTest::ServiceUnderTest(ServiceNamespace ns, std::map<std::string, std::string> extra_env)
    : ns_(std::move(ns)), http_port_(free_port()), grpc_port_(free_port()), metrics_port_(free_port()) {
  std::map<std::string, std::string> env{
      {"HTTP_PORT", std::to_string(http_port_)},
      {"HTTP_HOST", "127.0.0.1"},
      {"GRPC_PORT", std::to_string(grpc_port_)},
      {"GRPC_HOST", "127.0.0.1"},
      {"METRICS_PORT", std::to_string(metrics_port_)},
      {"METRICS_HOST", "127.0.0.1"},
      {"KAFKA_BROKERS", kafka_brokers()},
      {"KAFKA_CREATE_TOPIC", ns_.create_topic},
      {"KAFKA_UPDATE_TOPIC", ns_.update_topic},
      {"KAFKA_DELETE_TOPIC", ns_.delete_topic},
      {"KAFKA_DEAD_LETTER_TOPIC", ns_.dead_letter_topic},
      {"KAFKA_GROUP_ID", ns_.group},
      {"MONGO_URI", mongo_uri()},
      {"MONGO_DATABASE", ns_.database},
      {"REDIS_ADDR", fmt::format("{}:{}", redis_host(), redis_port())},
      {"REDIS_KEY_PREFIX", ns_.database + ":"},
  };
  for (auto& [key, value] : extra_env) env[key] = value;
  // A test may ask for a fixed metrics port (the one the stack's Prometheus scrapes).
  metrics_port_ = std::stoi(env.at("METRICS_PORT"));
  if (auto it = env.find("HTTP_TLS_CERT_FILE"); it != env.end() && !it->second.empty()) {
    ca_file_ = fmt::format("{}/certs/ca.crt", PRODUCTS_SOURCE_DIR);
  }
  process_ = std::make_unique<ServiceProcess>(
      std::vector<std::string>{built_binary("products-service"), "--config",
                               fmt::format("{}/config/config.yaml", PRODUCTS_SOURCE_DIR)},
      std::move(env));
}

bool ServiceUnderTest::wait_ready(std::chrono::milliseconds timeout) {
  const auto client = http();
  const bool ready = wait_until(
      [&] { return !process_->running() || client.get("/readyz").status == 200; }, timeout,
      std::chrono::milliseconds(100));
  if (ready && process_->running()) return true;
  std::cerr << "service did not become ready; its log:\n" << process_->log() << std::endl;
  return false;
}

std::optional<int> ServiceUnderTest::stop(int signo, std::chrono::milliseconds timeout) {
  process_->signal(signo);
  return process_->wait_exit(timeout);
}

}  // namespace products::testing
