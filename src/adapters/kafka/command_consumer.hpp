#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
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
//     one partition and key run strictly in order, everything else in parallel: each worker
//     takes the next record of up to batch_max keys and hands their commands to the handler in
//     one call, which applies them in one round trip and reports on each command by itself.
//   - Offsets are committed only up to the oldest record not yet done in each partition, every
//     commit_interval and on revoke and stop; auto commit and auto offset store are off.
//   - A partition with max_in_flight_per_partition records in flight, or whose oldest unfinished
//     record is max_uncommitted_per_partition records back, is paused until half that is left,
//     so memory stays bounded however slow the handler is.
//   - A record that cannot be decoded goes to the dead-letter topic at once. Every command the
//     handler applied is done at once, whatever became of the others of its batch. A transient
//     handler error (domain::Error::transient()) is retried with growing backoff and deadlines
//     (RetryPolicy) for as long as it lasts; other errors get retry.max_attempts, then the record
//     is dead-lettered. The records that failed are retried together, each keeping its key
//     waiting and counting its own attempts; once an attempt of several applied none of them,
//     each is tried alone, so that one command that cannot be applied holds up no other. The
//     offset counts as done only once the dead letter was acknowledged.
//   - On revoke the partitions' records not yet started are dropped, handler calls already running
//     get up to revoke_timeout to finish, what is done is committed and the partitions are
//     forgotten; the new owner gets the rest again.
//   - A fresh group starts at the earliest offset: every command must be applied.
class CommandConsumer {
 public:
  // Applies the commands, those of one key in the order given, and returns one outcome per
  // command: null when it was applied (or had nothing to change), else why it failed. A handler
  // that throws fails every command of the call.
  using Handler =
      std::function<std::vector<std::exception_ptr>(std::span<const domain::ProductCommand>, domain::Deadline)>;
  // The same, telling apart the commands that changed nothing because the stored product was
  // newer (`superseded`), which the observer counts as skipped_superseded rather than applied.
  struct Outcome {
    std::exception_ptr error;
    bool superseded = false;
  };
  using OutcomeHandler =
      std::function<std::vector<Outcome>(std::span<const domain::ProductCommand>, domain::Deadline)>;

  // Throws domain::Error(InvalidArgument) naming a bad librdkafka property.
  CommandConsumer(ConsumerOptions options, Handler handler);
  CommandConsumer(ConsumerOptions options, OutcomeHandler handler);
  // Stops within revoke_timeout if still running.
  ~CommandConsumer();
  CommandConsumer(const CommandConsumer&) = delete;
  CommandConsumer& operator=(const CommandConsumer&) = delete;

  // Subscribes and starts polling on a thread of its own.
  void start();
  // Stops fetching, applies the records already fetched until the deadline, commits what is done
  // and leaves the group, so that the next member of the group applies nothing this one applied.
  // A record that fails meanwhile is not retried: its partition is given up as on a revocation
  // (later records of it are skipped), and so is whatever the deadline cuts off; those are
  // delivered again. Idempotent. A handler call is never interrupted: past the deadline stop()
  // still waits for it, and its own deadline (retry.timeout_for) bounds that.
  void stop(domain::Deadline deadline);

  const ConsumerCounters& counters() const noexcept { return counters_; }
  std::size_t assigned_partitions() const noexcept { return assigned_.load(); }

 private:
  using WorkPtr = std::shared_ptr<PartitionWork>;
  struct Job {
    WorkPtr work;
    Record record;
    std::chrono::steady_clock::time_point received;
    telemetry::Span span;  // from the start of processing to the record's outcome
  };
  using Dispatcher = KeyedDispatcher<Job>;
  using Clock = std::chrono::steady_clock;

  void run();
  void dispatch(Record record);
  void process(Dispatcher::Batch& batch);
  telemetry::Span process_span(const Record& record) const;
  void apply(Dispatcher::Batch& batch, std::vector<std::size_t> pending, std::vector<domain::ProductCommand> commands);
  // One attempt at the commands: one handler call, or one call each.
  std::vector<Outcome> try_apply(Dispatcher::Batch& batch, const std::vector<std::size_t>& pending,
                                            std::span<const domain::ProductCommand> commands, bool one_by_one,
                                            int timed_out);
  std::vector<Outcome> call_handler(std::span<const domain::ProductCommand> commands, domain::Deadline deadline);
  void finish(Dispatcher::Batch& batch, std::size_t index, bool done);
  bool dead_letter(Job& job, const std::string& error, int attempts);
  void wait_retry(Dispatcher::Batch& batch, std::vector<std::size_t>& pending,
                  std::vector<domain::ProductCommand>& commands, std::chrono::milliseconds delay);
  bool wait_unless(Clock::time_point until, const std::function<bool()>& given_up);
  void abandon(const std::vector<WorkPtr>& works);
  // Stopping, unlike a revocation, holds up no other member: the records already fetched are
  // applied first, until `deadline` (see stop()).
  void drain(const std::vector<WorkPtr>& works, domain::Deadline deadline);
  void wake_retries();
  void on_assigned(const std::vector<TopicPartition>& partitions);
  void on_revoked(const std::vector<TopicPartition>& partitions, bool lost);
  void release(const std::vector<WorkPtr>& works, domain::Deadline deadline);
  void resume_drained();
  void commit_if_due();
  void report_lag(std::string_view statistics) const;

  const ConsumerOptions options_;
  const OutcomeHandler handler_;
  const CommandCodec codec_;
  ConsumerCounters counters_;
  DeadLetterPublisher dead_letters_;
  // Wakes workers waiting to retry when partitions are given up.
  std::mutex retry_mutex_;
  std::condition_variable abandoned_;
  Dispatcher dispatcher_;
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
