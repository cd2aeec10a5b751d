// Black-box: one broker of a three-node Kafka cluster (replication 3, min.insync.replicas 2) is
// killed with SIGKILL while creates stream in, then brought back. A client must see at most a
// slower answer: no 5xx, nothing lost, nothing stored twice, and the consumer goes on applying.
// The cluster is the test's own (KafkaCluster), never the stack's that every other test uses.

#include <chrono>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/metadata.hpp"
#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/kafka_cluster.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kNodes = 3;
// Brokers on 21091-21093, controllers on 31091-31093: clear of the stack's 9092 and 19092, and below
// Linux's ephemeral ports (32768 up), which free_port() and every client socket may take.
constexpr int kBasePort = 21091;
constexpr int kClients = 8;
// A bound the load never reaches: it is halted once the phases are through.
constexpr int kCreates = 1'000'000;
// Creates accepted in each phase: before the crash, with the broker gone, after it is back.
constexpr std::size_t kCreatesPerPhase = 300;

struct PartitionState {
  std::int32_t leader;
  int in_sync;
};

// Each partition of `topic` as the cluster's metadata has it; empty while no broker answers.
std::vector<PartitionState> partition_states(rd_kafka_t* client, const std::string& topic) {
  std::vector<PartitionState> out;
  try {
    const auto metadata = adapters::kafka::fetch_metadata(client, true, domain::Deadline::after(5s));
    for (int t = 0; t < metadata->topic_cnt; ++t) {
      const auto& entry = metadata->topics[t];
      if (topic != entry.topic) continue;
      for (int p = 0; p < entry.partition_cnt; ++p) {
        out.push_back({entry.partitions[p].leader, entry.partitions[p].isr_cnt});
      }
    }
  } catch (const std::exception& e) {
    std::cout << "metadata: " << e.what() << std::endl;
  }
  return out;
}

int partitions_led_by(const std::vector<PartitionState>& partitions, int node) {
  int led = 0;
  for (const auto& partition : partitions) led += partition.leader == node ? 1 : 0;
  return led;
}

bool led_by_others(const std::vector<PartitionState>& partitions, int gone) {
  if (partitions.empty()) return false;
  for (const auto& partition : partitions) {
    if (partition.leader < 0 || partition.leader == gone) return false;
  }
  return true;
}

bool fully_in_sync(const std::vector<PartitionState>& partitions) {
  if (partitions.empty()) return false;
  for (const auto& partition : partitions) {
    if (partition.leader < 0 || partition.in_sync != kNodes) return false;
  }
  return true;
}

std::int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

TEST(BrokerFailoverTest, ActiveControllerKilledAndBroughtBackUnderLoadCostsNoCreateErrorLossOrDuplicate) {
  KafkaCluster cluster("failover", kNodes, kBasePort);
  const auto ns = ServiceNamespace::fresh(cluster.brokers(), kNodes);
  const auto word = unique_search_word("failover");
  ServiceUnderTest service(ns, {{"KAFKA_BROKERS", cluster.brokers()}});
  ASSERT_TRUE(service.wait_ready());
  const auto metadata_client =
      adapters::kafka::KafkaConfig({{"bootstrap.servers", cluster.brokers()}}).create(RD_KAFKA_PRODUCER);
  const auto create_partitions = [&] { return partition_states(metadata_client.get(), ns.create_topic); };

  CreateLoad load(word, kCreates, kClients, [&service](int) { return service.http(); });
  const auto accepted_beyond = [&load](std::size_t count) {
    return [&load, count] { return load.ledger().accepted_count() >= count + kCreatesPerPhase; };
  };
  ASSERT_TRUE(wait_until(accepted_beyond(0), 120s)) << load.ledger().summary();

  // The active controller is the worst broker to lose: the quorum must elect a new leader before
  // anyone can fence the dead broker and move its partitions.
  const int victim = cluster.active_controller();
  std::cout << "killing node " << victim << " (active controller, leader of "
            << partitions_led_by(create_partitions(), victim) << " create partition(s)) at "
            << load.ledger().summary() << std::endl;
  const auto killed_at = std::chrono::steady_clock::now();
  cluster.kill(victim);
  ASSERT_TRUE(wait_until([&] { return led_by_others(create_partitions(), victim); }, 60s, 100ms))
      << "the crashed node's create partitions got no new leader";
  std::cout << "create partitions led by the survivors " << ms_since(killed_at) << " ms after the kill" << std::endl;
  ASSERT_TRUE(wait_until(accepted_beyond(load.ledger().accepted_count()), 120s))
      << load.ledger().summary() << "\n"
      << log_tail(service.process().log());

  const auto restarted_at = std::chrono::steady_clock::now();
  cluster.restart_stopped();
  ASSERT_TRUE(wait_until([&] { return fully_in_sync(create_partitions()); }, 120s, 200ms))
      << "node " << victim << " did not rejoin every create partition's in-sync replicas";
  std::cout << "node " << victim << " back in sync " << ms_since(restarted_at) << " ms after its restart began"
            << std::endl;
  ASSERT_TRUE(wait_until(accepted_beyond(load.ledger().accepted_count()), 120s))
      << load.ledger().summary() << "\n"
      << log_tail(service.process().log());
  load.halt();
  ASSERT_TRUE(load.join());

  const auto& ledger = load.ledger();
  std::cout << "creates: " << ledger.summary() << "; slowest answer " << load.slowest_answer().count() << " ms"
            << std::endl;
  EXPECT_TRUE(ledger.failed().empty()) << ledger.summary() << "\n" << log_tail(service.process().log());
  EXPECT_TRUE(ledger.unanswered().empty()) << ledger.summary();
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  const auto audit = creates_stored_exactly_once(service.http(), word, ledger, Unanswered::MustBeAbsent, 300s);
  std::cout << audit.message() << std::endl;
  EXPECT_TRUE(audit);
  const auto reports = sanitizer_reports(service.process().log());
  EXPECT_TRUE(reports.empty()) << reports.front();
  EXPECT_TRUE(stops_cleanly(service, SIGTERM, 20s));
}

}  // namespace
}  // namespace products::testing
