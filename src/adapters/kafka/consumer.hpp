#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/kafka_handles.hpp"
#include "adapters/kafka/record.hpp"
#include "adapters/kafka/topic_partition.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// Offsets to commit: the next offset to read in each partition (last done + 1).
using CommitOffsets = std::map<TopicPartition, std::int64_t>;

// A KafkaConsumer (consumer group member). Every callback, including the rebalance listener,
// runs on the thread that calls poll() or close(), so one thread owns the group protocol.
class Consumer {
 public:
  struct RebalanceListener {
    // Before the partitions are taken up; their committed offsets are where fetching starts.
    std::function<void(const std::vector<TopicPartition>&)> assigned;
    // Before the partitions are given up. `lost` means the group already gave them to another
    // member (session timeout): committing for them would be refused.
    std::function<void(const std::vector<TopicPartition>&, bool lost)> revoked;
  };

  // Called with each librdkafka statistics document (JSON), when statistics.interval.ms is set.
  using StatisticsCallback = std::function<void(std::string_view)>;

  // The configuration must name group.id.
  Consumer(KafkaConfig config, RebalanceListener listener, StatisticsCallback statistics = {});
  // Closes the consumer (leaving the group) if close() was not called.
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  void subscribe(const std::vector<std::string>& topics);
  // One message, or nullopt on timeout or a consumer error (logged; librdkafka recovers by itself).
  std::optional<Record> poll(std::chrono::milliseconds timeout);
  // Makes a poll() blocked on another thread return now.
  void wake();

  // Throws domain::Error when a synchronous commit fails; an asynchronous one logs its failure.
  void commit(const CommitOffsets& offsets, bool async);
  void pause(const std::vector<TopicPartition>& partitions);
  void resume(const std::vector<TopicPartition>& partitions);
  std::vector<TopicPartition> assignment() const;
  // The group's committed offsets for these partitions (missing when none was committed).
  CommitOffsets committed(const std::vector<TopicPartition>& partitions, domain::Deadline deadline) const;

  // Leaves the group; the revoke callback runs for what is still assigned.
  void close();

 private:
  static void on_rebalance(rd_kafka_t* client, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                           void* self);
  static void on_commit(rd_kafka_t* client, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets,
                        void* self);
  void rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  static int on_statistics(rd_kafka_t* client, char* json, std::size_t size, void* self);

  RebalanceListener listener_;
  StatisticsCallback statistics_;
  KafkaPtr client_;
  QueuePtr queue_;
  bool closed_ = false;
};

}  // namespace products::adapters::kafka
