#include "adapters/kafka/topic_reader.hpp"

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "adapters/kafka/kafka_errors.hpp"
#include "adapters/kafka/message_record.hpp"
#include "adapters/kafka/metadata.hpp"

namespace products::adapters::kafka {

namespace {

// Bounds one poll, so that the deadline is checked even when nothing arrives.
constexpr int kMaxPollMs = 200;

int timeout_ms(domain::Deadline deadline) {
  return static_cast<int>(std::min<std::int64_t>(deadline.remaining_ms_at_least_one(), INT_MAX));
}

KafkaPtr reader_client(const Properties& properties) {
  KafkaConfig config(properties);
  // librdkafka assigns partitions only in a consumer with a group id; without subscribe() the
  // group is never joined, and without commits nothing is stored under its name.
  config.set("group.id", "products-topic-reader")
      .set("client.id", "products-topic-reader")
      .set("enable.auto.commit", "false")
      .set("enable.auto.offset.store", "false")
      .set("enable.partition.eof", "true");
  auto client = std::move(config).create(RD_KAFKA_CONSUMER);
  // Errors and logs come out of the same poll as the messages.
  rd_kafka_poll_set_consumer(client.get());
  return client;
}

}  // namespace

TopicReader::TopicReader(const Properties& properties) : client_(reader_client(properties)) {}

std::vector<PartitionRange> TopicReader::ranges(const std::string& topic, domain::Deadline deadline) {
  const auto metadata = fetch_metadata(client_.get(), true, deadline);
  const rd_kafka_metadata_topic* const begin = metadata->topics;
  const auto* const end = begin + metadata->topic_cnt;
  const auto* found =
      std::find_if(begin, end, [&](const rd_kafka_metadata_topic& t) { return topic == t.topic; });
  if (found == end || found->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
    throw domain::Error::not_found(fmt::format("kafka topic {} does not exist", topic));
  }
  if (found->err) throw kafka_error(found->err, fmt::format("kafka metadata of {}", topic));

  std::vector<PartitionRange> ranges;
  for (int i = 0; i < found->partition_cnt; ++i) {
    PartitionRange range{found->partitions[i].id, 0, 0};
    if (const auto err = rd_kafka_query_watermark_offsets(client_.get(), topic.c_str(), range.partition, &range.begin,
                                                          &range.end, timeout_ms(deadline))) {
      throw kafka_error(err, fmt::format("kafka offsets of {}[{}]", topic, range.partition));
    }
    ranges.push_back(range);
  }
  std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.partition < b.partition; });
  return ranges;
}

void TopicReader::read(const std::string& topic, const PartitionRange& range, domain::Deadline deadline,
                       const std::function<void(Record)>& each) {
  if (range.begin >= range.end) return;
  PartitionListPtr assignment(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), range.partition)->offset = range.begin;
  if (const auto err = rd_kafka_assign(client_.get(), assignment.get())) throw kafka_error(err, "kafka assign");

  // Transport errors are retried by librdkafka itself: they only explain a deadline that passes.
  std::string last_error = "none";
  std::int64_t next = range.begin;
  while (next < range.end) {
    if (deadline.expired()) {
      rd_kafka_assign(client_.get(), nullptr);
      throw domain::Error::deadline_exceeded(fmt::format("kafka read of {}[{}] stopped at offset {} of {} (last error: {})",
                                                         topic, range.partition, next, range.end, last_error));
    }
    MessagePtr message(rd_kafka_consumer_poll(client_.get(), std::min(kMaxPollMs, timeout_ms(deadline))));
    if (!message) continue;
    // Consumer-wide errors name no partition; anything of another partition is left from an earlier read.
    const bool ours =
        message->rkt && message->partition == range.partition && topic == rd_kafka_topic_name(message->rkt);
    if (message->err && message->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      last_error = rd_kafka_message_errstr(message.get());
    } else if (!ours) {
      continue;
    } else if (message->err) {
      // The end before the range's end: the topic was recreated or truncated, nothing more is coming.
      next = range.end;
    } else if (message->offset >= next) {
      next = message->offset + 1;
      if (message->offset < range.end) each(to_record(*message));
    }
  }
  if (const auto err = rd_kafka_assign(client_.get(), nullptr)) throw kafka_error(err, "kafka unassign");
}

}  // namespace products::adapters::kafka
