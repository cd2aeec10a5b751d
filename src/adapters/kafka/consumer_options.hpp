#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "adapters/kafka/command_topics.hpp"
#include "adapters/kafka/consumer_observer.hpp"
#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/producer_observer.hpp"
#include "adapters/kafka/retry_policy.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace products::adapters::kafka {

struct ConsumerOptions {
  std::string brokers;  // bootstrap.servers
  std::string group_id = "products_group";
  CommandTopics topics;
  std::string dead_letter_topic = CommandTopics::kDefaultDeadLetter;

  std::size_t workers = 4;
  // Records whose commands one worker hands to the handler at once, each of another key.
  std::size_t batch_max = 256;
  // A partition with this many records in flight is paused until half of them are done. Pausing
  // drops what librdkafka has prefetched for the partition and resuming fetches it again, so a
  // bound near the workers' batches (1024 was tried) kept the workers idle most of the time while
  // the partition cycled: 60,000 creates took 14.4 s against 5.5 s with this bound (about 8 MB of
  // commands per partition at most).
  std::size_t max_in_flight_per_partition = 8192;
  // A partition whose oldest unfinished record is this many records behind is paused too, until
  // half of them can be committed: one key retrying for long must not let the others run on
  // until the offset tracker has grown without bound.
  std::size_t max_uncommitted_per_partition = 100'000;
  // Deadlines of handler calls, and retries of failed commands.
  RetryPolicy retry;
  // Bound on one attempt to write a dead letter; failed attempts are retried like transient errors.
  std::chrono::milliseconds dead_letter_timeout{10'000};

  // Progress is committed every interval, or sooner after this many records are done.
  std::chrono::milliseconds commit_interval{1'000};
  std::size_t commit_every = 1'000;
  // How long a rebalance waits for running handler calls of revoked partitions.
  std::chrono::milliseconds revoke_timeout{10'000};
  // How long a member that stopped heartbeating (a crash) keeps its partitions.
  std::chrono::milliseconds session_timeout{45'000};

  // Further librdkafka settings (security, tuning) for the consumer and the dead-letter producer.
  Properties properties;

  // Hear of what the consumer and its dead-letter producer do; must outlive the consumer.
  ConsumerObserver* observer = nullptr;
  ProducerObserver* dead_letter_observer = nullptr;
  // Gives every record a process span, the child of the span its headers name; the command then
  // names that span, so that the handler's writes join the record's trace. Must outlive the consumer.
  const telemetry::Tracer* tracer = nullptr;
};

}  // namespace products::adapters::kafka
