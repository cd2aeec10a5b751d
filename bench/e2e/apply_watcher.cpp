#include "apply_watcher.hpp"

#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/metadata.hpp"

namespace products::bench {

namespace {

constexpr std::chrono::milliseconds kPoll{50};
constexpr int kRequestTimeoutMs = 10'000;

}  // namespace

ApplyWatcher::ApplyWatcher(const std::string& brokers, const std::string& group, const ServiceLiveness& service)
    // A consumer handle that never subscribes: it reads the group's offsets without joining it.
    : client_(adapters::kafka::KafkaConfig({{"bootstrap.servers", brokers},
                                            {"group.id", group},
                                            {"enable.auto.commit", "false"}})
                  .create(RD_KAFKA_CONSUMER)),
      service_(service) {}

int ApplyWatcher::partitions(const std::string& topic) {
  if (const auto known = partitions_.find(topic); known != partitions_.end()) return known->second;
  const auto metadata = adapters::kafka::fetch_metadata(client_.get(), true,
                                                        domain::Deadline::after(std::chrono::milliseconds(kRequestTimeoutMs)));
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    if (topic == metadata->topics[i].topic && metadata->topics[i].partition_cnt > 0) {
      return partitions_[topic] = metadata->topics[i].partition_cnt;
    }
  }
  throw std::runtime_error(fmt::format("kafka: topic {} does not exist", topic));
}

std::int64_t ApplyWatcher::committed(const std::string& topic) {
  const int count = partitions(topic);
  adapters::kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(count));
  for (int p = 0; p < count; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  if (const auto err = rd_kafka_committed(client_.get(), list.get(), kRequestTimeoutMs)) {
    throw std::runtime_error(fmt::format("kafka: committed offsets of {}: {}", topic, rd_kafka_err2str(err)));
  }
  std::int64_t total = 0;
  for (int i = 0; i < list->cnt; ++i) total += std::max<std::int64_t>(list->elems[i].offset, 0);
  return total;
}

std::int64_t ApplyWatcher::end(const std::string& topic) {
  const int count = partitions(topic);
  std::int64_t total = 0;
  for (int p = 0; p < count; ++p) {
    std::int64_t low = 0, high = 0;
    if (const auto err = rd_kafka_query_watermark_offsets(client_.get(), topic.c_str(), p, &low, &high,
                                                          kRequestTimeoutMs)) {
      throw std::runtime_error(fmt::format("kafka: end offset of {}[{}]: {}", topic, p, rd_kafka_err2str(err)));
    }
    total += high;
  }
  return total;
}

ApplyTiming ApplyWatcher::wait(const std::string& topic, std::int64_t committed_before, std::int64_t end_total,
                               std::chrono::steady_clock::time_point started, std::chrono::milliseconds stall_timeout,
                               domain::Deadline deadline) {
  using Clock = std::chrono::steady_clock;
  ApplyTiming timing;
  timing.records = end_total - committed_before;
  std::int64_t last = committed_before;
  auto last_change = Clock::now();
  std::int64_t first_commit = -1;
  Clock::time_point first_commit_at;
  for (;;) {
    const auto now_committed = committed(topic);
    const auto now = Clock::now();
    if (now_committed != last) {
      if (first_commit < 0) {
        first_commit = now_committed;
        first_commit_at = now;
      } else if (now > first_commit_at) {
        timing.steady_rate = static_cast<double>(now_committed - first_commit) /
                             std::chrono::duration<double>(now - first_commit_at).count();
      }
      last = now_committed;
      last_change = now;
    }
    if (now_committed >= end_total) {
      timing.seconds = std::chrono::duration<double>(now - started).count();
      return timing;
    }
    const auto how_far = [&] {
      return fmt::format("{} of {} commands on {} applied (committed offsets)", last - committed_before, timing.records,
                         topic);
    };
    service_.check();
    if (now - last_change > stall_timeout) {
      throw std::runtime_error(fmt::format("the service applied nothing for {} s: {}; it looks stuck",
                                           std::chrono::duration_cast<std::chrono::seconds>(stall_timeout).count(),
                                           how_far()));
    }
    if (deadline.expired()) throw std::runtime_error(fmt::format("apply deadline passed: {}", how_far()));
    std::this_thread::sleep_for(kPoll);
  }
}

}  // namespace products::bench
