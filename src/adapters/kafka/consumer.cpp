#include "adapters/kafka/consumer.hpp"

#include <climits>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/kafka/kafka_errors.hpp"
#include "adapters/kafka/message_record.hpp"

namespace products::adapters::kafka {

namespace {

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  out.reserve(static_cast<std::size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i) out.push_back({list->elems[i].topic, list->elems[i].partition});
  return out;
}

PartitionListPtr to_list(const std::vector<TopicPartition>& partitions) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (const auto& tp : partitions) rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
  return list;
}

bool cooperative(rd_kafka_t* client) { return std::strcmp(rd_kafka_rebalance_protocol(client), "COOPERATIVE") == 0; }

void log_if_failed(rd_kafka_error_t* raw, const char* what) {
  KafkaErrorPtr error(raw);
  if (error) spdlog::error("kafka {}: {}", what, rd_kafka_error_string(error.get()));
}

}  // namespace

Consumer::Consumer(KafkaConfig config, RebalanceListener listener, StatisticsCallback statistics)
    : listener_(std::move(listener)), statistics_(std::move(statistics)) {
  rd_kafka_conf_set_opaque(config.get(), this);
  if (statistics_) rd_kafka_conf_set_stats_cb(config.get(), &Consumer::on_statistics);
  rd_kafka_conf_set_rebalance_cb(config.get(), &Consumer::on_rebalance);
  rd_kafka_conf_set_offset_commit_cb(config.get(), &Consumer::on_commit);
  client_ = std::move(config).create(RD_KAFKA_CONSUMER);
  // One queue for messages and callbacks, so that poll() serves them all on one thread.
  rd_kafka_poll_set_consumer(client_.get());
  queue_.reset(rd_kafka_queue_get_consumer(client_.get()));
}

Consumer::~Consumer() {
  if (!closed_) close();
}

void Consumer::subscribe(const std::vector<std::string>& topics) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const auto& topic : topics) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  if (const auto err = rd_kafka_subscribe(client_.get(), list.get())) throw kafka_error(err, "kafka subscribe");
}

std::optional<Record> Consumer::poll(std::chrono::milliseconds timeout) {
  MessagePtr message(rd_kafka_consumer_poll(client_.get(), static_cast<int>(timeout.count())));
  if (!message) return std::nullopt;
  if (message->err) {
    if (message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      spdlog::warn("kafka consumer: {}", rd_kafka_message_errstr(message.get()));
    }
    return std::nullopt;
  }
  return to_record(*message);
}

void Consumer::wake() { rd_kafka_queue_yield(queue_.get()); }

void Consumer::commit(const CommitOffsets& offsets, bool async) {
  if (offsets.empty()) return;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size())));
  for (const auto& [tp, offset] : offsets) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
  }
  if (const auto err = rd_kafka_commit(client_.get(), list.get(), async ? 1 : 0)) {
    throw kafka_error(err, "kafka commit");
  }
  if (async) return;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& partition = list->elems[i];
    if (partition.err) {
      throw kafka_error(partition.err, fmt::format("kafka commit {}[{}]", partition.topic, partition.partition));
    }
  }
}

void Consumer::pause(const std::vector<TopicPartition>& partitions) {
  auto list = to_list(partitions);
  if (const auto err = rd_kafka_pause_partitions(client_.get(), list.get())) throw kafka_error(err, "kafka pause");
}

void Consumer::resume(const std::vector<TopicPartition>& partitions) {
  auto list = to_list(partitions);
  if (const auto err = rd_kafka_resume_partitions(client_.get(), list.get())) throw kafka_error(err, "kafka resume");
}

std::vector<TopicPartition> Consumer::assignment() const {
  rd_kafka_topic_partition_list_t* raw = nullptr;
  if (const auto err = rd_kafka_assignment(client_.get(), &raw)) throw kafka_error(err, "kafka assignment");
  PartitionListPtr list(raw);
  return to_vector(list.get());
}

CommitOffsets Consumer::committed(const std::vector<TopicPartition>& partitions, domain::Deadline deadline) const {
  auto list = to_list(partitions);
  const auto timeout = static_cast<int>(std::min<std::int64_t>(deadline.remaining_ms_at_least_one(), INT_MAX));
  if (const auto err = rd_kafka_committed(client_.get(), list.get(), timeout)) {
    throw kafka_error(err, "kafka committed offsets");
  }
  CommitOffsets offsets;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& partition = list->elems[i];
    if (partition.offset >= 0) offsets[{partition.topic, partition.partition}] = partition.offset;
  }
  return offsets;
}

void Consumer::close() {
  closed_ = true;
  if (const auto err = rd_kafka_consumer_close(client_.get())) {
    spdlog::warn("kafka consumer close: {}", rd_kafka_err2str(err));
  }
}

void Consumer::on_rebalance(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                            void* self) {
  static_cast<Consumer*>(self)->rebalance(err, partitions);
}

void Consumer::rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  auto* client = client_.get();
  const auto list = to_vector(partitions);
  // The listener's failure must not keep the member from following the group protocol.
  try {
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      listener_.assigned(list);
    } else {
      listener_.revoked(list, rd_kafka_assignment_lost(client) != 0);
    }
  } catch (const std::exception& e) {
    spdlog::error("kafka rebalance listener ({}): {}", rd_kafka_err2name(err), e.what());
  }
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (cooperative(client)) {
      log_if_failed(rd_kafka_incremental_assign(client, partitions), "incremental assign");
    } else if (const auto assign_err = rd_kafka_assign(client, partitions)) {
      spdlog::error("kafka assign: {}", rd_kafka_err2str(assign_err));
    }
  } else if (cooperative(client)) {
    log_if_failed(rd_kafka_incremental_unassign(client, partitions), "incremental unassign");
  } else if (const auto assign_err = rd_kafka_assign(client, nullptr)) {
    spdlog::error("kafka unassign: {}", rd_kafka_err2str(assign_err));
  }
}

int Consumer::on_statistics(rd_kafka_t*, char* json, std::size_t size, void* self) {
  try {
    static_cast<Consumer*>(self)->statistics_(std::string_view(json, size));
  } catch (const std::exception& e) {
    spdlog::warn("kafka statistics: {}", e.what());
  }
  return 0;  // librdkafka frees the document
}

void Consumer::on_commit(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t*, void*) {
  // Nothing to commit is not a failure; any other error only delays progress until the next commit.
  if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET) spdlog::warn("kafka commit: {}", rd_kafka_err2str(err));
}

}  // namespace products::adapters::kafka
