#include "apply_watcher.hpp"

#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/metadata.hpp"

namespace products::bench {

namespace {

// Fine enough to time commits that come every 0.1 s when applies are fast; an offset fetch is cheap.
constexpr std::chrono::milliseconds kPoll{10};
constexpr int kRequestTimeoutMs = 10'000;

}  // namespace

ApplyWatcher::ApplyWatcher(const std::string& brokers, const std::string& group, const ServiceLiveness& service)
    // A consumer handle that never subscribes: it reads the group's offsets without joining it.
    : group_(group),
      client_(adapters::kafka::KafkaConfig({{"bootstrap.servers", brokers},
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

void ApplyWatcher::delete_group() {
  using DeleteGroupPtr = std::unique_ptr<rd_kafka_DeleteGroup_t, decltype(&rd_kafka_DeleteGroup_destroy)>;
  DeleteGroupPtr group(rd_kafka_DeleteGroup_new(group_.c_str()), &rd_kafka_DeleteGroup_destroy);
  adapters::kafka::AdminOptionsPtr options(rd_kafka_AdminOptions_new(client_.get(), RD_KAFKA_ADMIN_OP_DELETEGROUPS));
  char reason[256];
  rd_kafka_AdminOptions_set_request_timeout(options.get(), kRequestTimeoutMs, reason, sizeof reason);
  adapters::kafka::QueuePtr queue(rd_kafka_queue_new(client_.get()));
  auto* raw = group.get();
  rd_kafka_DeleteGroups(client_.get(), &raw, 1, options.get(), queue.get());
  adapters::kafka::EventPtr event(rd_kafka_queue_poll(queue.get(), kRequestTimeoutMs + 1000));
  if (!event) throw std::runtime_error(fmt::format("kafka: deleting group {} got no answer in time", group_));
  if (const auto err = rd_kafka_event_error(event.get())) {
    throw std::runtime_error(fmt::format("kafka: deleting group {}: {}", group_, rd_kafka_err2str(err)));
  }
  std::size_t count = 0;
  const auto** results = rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto* error = rd_kafka_group_result_error(results[i]);
    if (error && rd_kafka_error_code(error) != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) {
      throw std::runtime_error(fmt::format("kafka: deleting group {}: {}", group_, rd_kafka_error_string(error)));
    }
  }
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
      ++timing.commits;
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
