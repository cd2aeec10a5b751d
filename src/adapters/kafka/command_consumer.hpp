#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/consumer.hpp"
#include "adapters/kafka/consumer_counters.hpp"
#include "adapters/kafka/consumer_options.hpp"
#include "adapters/kafka/dead_letter_publisher.hpp"
#include "adapters/kafka/keyed_dispatcher.hpp"
#include "adapters/kafka/partition_work.hpp"
#include "domain/deadline.hpp"
#include "domain/product_command.hpp"

namespace products::adapters::kafka {

// Applies the commands of the command topics (SPEC §5), at least once; the handler makes the
// effect idempotent.
//
//   - One poll thread owns the group membership; a pool of workers runs the handler. Records of
//     one partition and key run strictly in order, everything else in parallel.
//   - Offsets are committed only up to the oldest record not yet done in each partition, every
//     commit_interval and on revoke and stop; auto commit and auto offset store are off.
//   - A partition with max_in_flight_per_partition records in flight, or whose oldest unfinished
//     record is max_uncommitted_per_partition records back, is paused until half that is left,
//     so memory stays bounded however slow the handler is.
//   - A record that cannot be decoded goes to the dead-letter topic at once. A transient handler
//     error (domain::Error::transient()) is retried with capped exponential backoff for as long as
//     it lasts; other errors get retry.max_attempts, then the record is dead-lettered. The offset
//     counts as done only once the dead letter was acknowledged.
//   - On revoke the partitions' records not yet started are dropped, handler calls already running
//     get up to revoke_timeout to finish, what is done is committed and the partitions are
//     forgotten; the new owner gets the rest again.
//   - A fresh group starts at the earliest offset: every command must be applied.
class CommandConsumer {
 public:
  using Handler = std::function<void(const domain::ProductCommand&, domain::Deadline)>;

  // Throws domain::Error(InvalidArgument) naming a bad librdkafka property.
  CommandConsumer(ConsumerOptions options, Handler handler);
  // Stops within revoke_timeout if still running.
  ~CommandConsumer();
  CommandConsumer(const CommandConsumer&) = delete;
  CommandConsumer& operator=(const CommandConsumer&) = delete;

  // Subscribes and starts polling on a thread of its own.
  void start();
  // Stops fetching, lets running handler calls finish until the deadline (records not yet started,
  // retries and calls still running then are abandoned and will be delivered again), commits what
  // is done and leaves the group. Idempotent. A handler call is never interrupted: past the
  // deadline stop() still waits for it, and its own deadline (handler_timeout) bounds that.
  void stop(domain::Deadline deadline);

  const ConsumerCounters& counters() const noexcept { return counters_; }
  std::size_t assigned_partitions() const noexcept { return assigned_.load(); }

 private:
  using WorkPtr = std::shared_ptr<PartitionWork>;

  void run();
  void dispatch(Record record);
  void process(PartitionWork& work, const Record& record);
  bool handle(PartitionWork& work, const Record& record);
  bool dead_letter(PartitionWork& work, const Record& record, const std::string& error, int attempts);
  void on_assigned(const std::vector<TopicPartition>& partitions);
  void on_revoked(const std::vector<TopicPartition>& partitions, bool lost);
  void release(const std::vector<WorkPtr>& works, domain::Deadline deadline);
  void resume_drained();
  void commit_if_due();

  const ConsumerOptions options_;
  const Handler handler_;
  const CommandCodec codec_;
  ConsumerCounters counters_;
  DeadLetterPublisher dead_letters_;
  KeyedDispatcher dispatcher_;
  std::unique_ptr<Consumer> consumer_;

  // Poll thread only.
  std::map<TopicPartition, WorkPtr> partitions_;
  std::chrono::steady_clock::time_point last_commit_;

  std::atomic<std::size_t> assigned_{0};
  std::atomic<std::size_t> done_since_commit_{0};
  std::atomic<bool> stopping_{false};
  std::mutex lifecycle_mutex_;
  domain::Deadline stop_deadline_{domain::Deadline::Clock::now()};
  std::thread poller_;
};

}  // namespace products::adapters::kafka
