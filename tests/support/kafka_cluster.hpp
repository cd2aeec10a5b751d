#pragma once

#include <string>
#include <vector>

#include "support/command_run.hpp"

namespace products::testing {

// A Kafka cluster of its own beside the stack's, for tests that crash brokers: started, crashed
// and restarted through `scripts/stack.sh kafka` with KAFKA_CLUSTER=<name>, so that it has its own
// ports, data and processes and the cluster every other test uses is never touched.
class KafkaCluster {
 public:
  // Starts the cluster (nodes already running are kept); std::runtime_error with the script's
  // output when it does not come up.
  KafkaCluster(std::string name, int nodes, int base_port);
  // Stops every node; a failure is only reported, `scripts/stack.sh down` stops what is left.
  ~KafkaCluster();
  KafkaCluster(const KafkaCluster&) = delete;
  KafkaCluster& operator=(const KafkaCluster&) = delete;

  const std::string& brokers() const noexcept { return brokers_; }
  // Node id of the active controller (the KRaft quorum's leader).
  int active_controller() const;
  // SIGKILL to node `node`: a crash, without the controlled shutdown that moves leaders first.
  void kill(int node) const;
  // Starts the nodes that are not running and waits until they serve.
  void restart_stopped() const;

 private:
  // The script's `kafka` command with `args`; std::runtime_error when it fails.
  CommandRun kafka(const std::vector<std::string>& args) const;

  std::string name_;
  int nodes_;
  int base_port_;
  std::string brokers_;
};

}  // namespace products::testing
