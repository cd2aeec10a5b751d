#include "support/kafka_cluster.hpp"

#include <iostream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "support/test_env.hpp"

namespace products::testing {

namespace {

std::string trimmed(const std::string& text) {
  const auto end = text.find_last_not_of(" \n");
  return end == std::string::npos ? std::string() : text.substr(0, end + 1);
}

}  // namespace

KafkaCluster::KafkaCluster(std::string name, int nodes, int base_port)
    : name_(std::move(name)), nodes_(nodes), base_port_(base_port) {
  kafka({"up"});
  brokers_ = trimmed(kafka({"brokers"}).out);
}

KafkaCluster::~KafkaCluster() {
  try {
    kafka({"down"});
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
  }
}

int KafkaCluster::active_controller() const { return std::stoi(kafka({"controller"}).out); }

void KafkaCluster::kill(int node) const { kafka({"kill", std::to_string(node)}); }

void KafkaCluster::restart_stopped() const { kafka({"up"}); }

CommandRun KafkaCluster::kafka(const std::vector<std::string>& args) const {
  std::vector<std::string> command{"env",
                                   "KAFKA_CLUSTER=" + name_,
                                   fmt::format("KAFKA_NODES={}", nodes_),
                                   fmt::format("KAFKA_PORT={}", base_port_),
                                   "bash",
                                   source_path("scripts/stack.sh"),
                                   "kafka"};
  command.insert(command.end(), args.begin(), args.end());
  auto run = run_command(command);
  if (run.exit_code != 0) {
    throw std::runtime_error(fmt::format("scripts/stack.sh kafka {} (cluster {}) failed with {}:\n{}{}",
                                         fmt::join(args, " "), name_, run.exit_code, run.out, run.err));
  }
  return run;
}

}  // namespace products::testing
