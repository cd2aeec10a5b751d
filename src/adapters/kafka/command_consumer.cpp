#include "adapters/kafka/command_consumer.hpp"

#include <pthread.h>

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/kafka/consumer_lag.hpp"
#include "adapters/telemetry/active_context.hpp"
#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

using domain::Deadline;

// How long one poll may block: the latency of resuming a drained partition and of a due commit.
constexpr std::chrono::milliseconds kPollWait{100};
// How often librdkafka reports statistics, whence the lag.
constexpr std::chrono::milliseconds kLagInterval{5000};

Properties consumer_properties(const ConsumerOptions& options) {
  auto properties = options.properties;
  properties["bootstrap.servers"] = options.brokers;
  properties["group.id"] = options.group_id;
  properties["session.timeout.ms"] = std::to_string(options.session_timeout.count());
  // Offsets are committed by hand, only once every earlier record of the partition is done.
  properties["enable.auto.commit"] = "false";
  properties["enable.auto.offset.store"] = "false";
  // A new group must apply every command there is, not only those written after it joined.
  properties["auto.offset.reset"] = "earliest";
  // Lag is read from librdkafka's statistics, which it computes without a request of its own.
  if (options.observer) properties["statistics.interval.ms"] = std::to_string(kLagInterval.count());
  return properties;
}

Properties dead_letter_properties(const ConsumerOptions& options) {
  auto properties = options.properties;
  properties["bootstrap.servers"] = options.brokers;
  return properties;
}

// Records of one key in one partition must run in order; the key alone would also serialise the
// same key across partitions and topics, which order of issue (versions) already takes care of.
std::string ordering_key(const Record& record) {
  return fmt::format("{}/{}/{}", record.topic, record.partition, record.key.value_or(""));
}

struct Failure {
  std::string message;
  bool transient = false;
  bool timed_out = false;
};

Failure failure_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const domain::Error& e) {
    return {e.what(), e.transient(), e.kind() == domain::ErrorKind::DeadlineExceeded};
  } catch (const std::exception& e) {
    return {e.what()};
  } catch (...) {
    return {"unknown exception"};
  }
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

CommandConsumer::CommandConsumer(ConsumerOptions options, Handler handler)
    : CommandConsumer(std::move(options),
                      [handler = std::move(handler)](std::span<const domain::ProductCommand> commands, Deadline deadline) {
                        std::vector<Outcome> outcomes;
                        for (auto& error : handler(commands, deadline)) outcomes.push_back({std::move(error)});
                        return outcomes;
                      }) {}

CommandConsumer::CommandConsumer(ConsumerOptions options, OutcomeHandler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      codec_(options_.topics),
      dead_letters_(dead_letter_properties(options_), options_.dead_letter_topic, options_.dead_letter_observer),
      dispatcher_(options_.workers, options_.batch_max, "kafka-work",
                  [this](Dispatcher::Batch& batch) { process(batch); }) {
  Consumer::RebalanceListener listener{
      [this](const std::vector<TopicPartition>& partitions) { on_assigned(partitions); },
      [this](const std::vector<TopicPartition>& partitions, bool lost) { on_revoked(partitions, lost); },
  };
  Consumer::StatisticsCallback statistics;
  if (options_.observer) statistics = [this](std::string_view json) { report_lag(json); };
  consumer_ = std::make_unique<Consumer>(KafkaConfig(consumer_properties(options_)), std::move(listener),
                                         std::move(statistics));
}

CommandConsumer::~CommandConsumer() { stop(Deadline::after(options_.revoke_timeout)); }

void CommandConsumer::start() {
  std::lock_guard lock(lifecycle_mutex_);
  if (poller_.joinable() || stopping_) return;
  consumer_->subscribe(options_.topics.all());
  last_commit_ = std::chrono::steady_clock::now();
  poller_ = std::thread([this] { run(); });
  pthread_setname_np(poller_.native_handle(), "kafka-consume");
}

void CommandConsumer::stop(Deadline deadline) {
  std::lock_guard lock(lifecycle_mutex_);
  if (!poller_.joinable()) {
    stopping_ = true;
    return;
  }
  // Written before the flag, which the poll thread reads first.
  stop_deadline_ = deadline;
  stopping_ = true;
  consumer_->wake();
  poller_.join();
  // What is left are records of abandoned partitions, which are skipped, and handler calls
  // already running, which their own deadline bounds.
  dispatcher_.stop();
}

void CommandConsumer::run() {
  while (!stopping_) {
    try {
      if (auto record = consumer_->poll(kPollWait)) dispatch(std::move(*record));
      ++counters_.polls;
      resume_drained();
      commit_if_due();
    } catch (const std::exception& e) {
      spdlog::error("kafka consumer: {}", e.what());
    }
  }
  std::vector<WorkPtr> all;
  for (const auto& [partition, work] : partitions_) all.push_back(work);
  drain(all, stop_deadline_);
  release(all, stop_deadline_);
  partitions_.clear();
  assigned_ = 0;
  consumer_->close();
}

void CommandConsumer::dispatch(Record record) {
  const auto it = partitions_.find(record.topic_partition());
  if (it == partitions_.end()) {
    spdlog::warn("kafka record of unassigned partition {}[{}] skipped", record.topic, record.partition);
    return;
  }
  auto work = it->second;
  if (!work->accept(record.offset)) {
    // librdkafka delivers each offset once per assignment; going back means the log was truncated.
    spdlog::warn("kafka {}[{}]@{} is at or before a record already taken, skipped", record.topic, record.partition,
                 record.offset);
    return;
  }
  ++counters_.in_flight;
  if (!work->paused() && (work->outstanding() >= options_.max_in_flight_per_partition ||
                          work->uncommitted() >= options_.max_uncommitted_per_partition)) {
    consumer_->pause({work->partition()});
    work->set_paused(true);
    ++counters_.paused;
  }
  auto key = ordering_key(record);
  dispatcher_.submit(key, Job{std::move(work), std::move(record), Clock::now(), {}});
}

void CommandConsumer::process(Dispatcher::Batch& batch) {
  std::vector<std::size_t> pending;
  std::vector<domain::ProductCommand> commands;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& job = batch[i];
    if (job.work->abandoned()) {
      finish(batch, i, false);
      continue;
    }
    job.span = process_span(job.record);
    try {
      auto command = codec_.decode(job.record);
      if (job.span.context().valid()) command.trace = {job.span.traceparent(), job.span.context().trace_state()};
      commands.push_back(std::move(command));
      pending.push_back(i);
    } catch (const std::exception& e) {
      finish(batch, i, dead_letter(job, e.what(), 1));
    }
  }
  apply(batch, std::move(pending), std::move(commands));
}

telemetry::Span CommandConsumer::process_span(const Record& record) const {
  if (!options_.tracer) return {};
  // OpenTelemetry's messaging process span, "process <topic>", the child of the producer's span.
  auto span = options_.tracer->start_span(fmt::format("process {}", record.topic), telemetry::SpanKind::Consumer,
                                          CommandCodec::trace_context(record));
  if (!span.recording()) return span;
  span.set_attribute("messaging.system", std::string("kafka"));
  span.set_attribute("messaging.operation.type", std::string("process"));
  span.set_attribute("messaging.operation.name", std::string("process"));
  span.set_attribute("messaging.destination.name", record.topic);
  span.set_attribute("messaging.destination.partition.id", std::to_string(record.partition));
  span.set_attribute("messaging.kafka.offset", static_cast<std::int64_t>(record.offset));
  span.set_attribute("messaging.consumer.group.name", options_.group_id);
  if (record.key) span.set_attribute("messaging.kafka.message.key", *record.key);
  return span;
}

void CommandConsumer::apply(Dispatcher::Batch& batch, std::vector<std::size_t> pending,
                            std::vector<domain::ProductCommand> commands) {
  const auto started = Clock::now();
  int timed_out = 0;
  bool one_by_one = false;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    const auto attempt_started = Clock::now();
    const auto errors = try_apply(batch, pending, commands, one_by_one, timed_out);
    const auto took = since(attempt_started);

    std::vector<std::size_t> failed;
    std::vector<domain::ProductCommand> retried;
    std::string first_error;
    bool ran_out_of_time = false;
    bool progressed = false;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      const auto index = pending[k];
      if (!errors[k].error) {
        ++counters_.processed;
        if (options_.observer) {
          options_.observer->handled(batch[index].record.topic, errors[k].superseded
                                                                    ? ConsumerObserver::Result::SkippedSuperseded
                                                                    : ConsumerObserver::Result::Applied);
        }
        progressed = true;
        batch[index].span.set_attribute("products.command.outcome",
                                        std::string(errors[k].superseded ? "skipped_superseded" : "applied"));
        finish(batch, index, true);
        continue;
      }
      if (batch[index].work->give_up_if_draining()) {
        // Given up meanwhile, or failed while the consumer stops: left undone, for the partition's
        // next owner.
        finish(batch, index, false);
        continue;
      }
      auto failure = failure_of(errors[k].error);
      if (options_.retry.gives_up(attempt, failure.transient)) {
        finish(batch, index, dead_letter(batch[index], failure.message, attempt));
        continue;
      }
      ++counters_.retried;
      batch[index].span.add_event("retry", {{"attempt", std::int64_t{attempt}}, {"exception.message", failure.message}});
      if (options_.observer) options_.observer->handled(batch[index].record.topic, ConsumerObserver::Result::Retried);
      ran_out_of_time = ran_out_of_time || failure.timed_out;
      if (failed.empty()) first_error = std::move(failure.message);
      failed.push_back(index);
      retried.push_back(std::move(commands[k]));
    }
    if (failed.empty()) return;
    if (ran_out_of_time) ++timed_out;
    // Several commands that failed together may fail for one of them (a bulk write that runs out
    // of time, say): from now on each goes alone, so that one command that cannot be applied
    // holds up no other.
    one_by_one = one_by_one || (!progressed && pending.size() > 1);

    // An attempt that applied some commands is not stuck: the rest go again after the usual backoff.
    const auto delay = options_.retry.delay(attempt, progressed ? std::chrono::milliseconds(0) : took);
    const auto& first = batch[failed.front()].record;
    const auto failing_for = since(started);
    const auto level = options_.retry.stuck(failing_for) ? spdlog::level::err : spdlog::level::warn;
    spdlog::log(level,
                "kafka {}[{}]@{}{}: attempt {} failed after {} ms ({}), failing for {} s; retrying in {} ms with a "
                "{} ms deadline{}",
                first.topic, first.partition, first.offset,
                failed.size() > 1 ? fmt::format(" and {} more record(s)", failed.size() - 1) : "", attempt,
                took.count(), first_error,
                std::chrono::duration_cast<std::chrono::seconds>(failing_for).count(), delay.count(),
                options_.retry.timeout_for(one_by_one ? 1 : retried.size(), timed_out).count(),
                one_by_one && failed.size() > 1 ? " each, one by one" : "");
    pending = std::move(failed);
    commands = std::move(retried);
    wait_retry(batch, pending, commands, delay);
  }
}

std::vector<CommandConsumer::Outcome> CommandConsumer::try_apply(Dispatcher::Batch& batch,
                                                           const std::vector<std::size_t>& pending,
                                                           std::span<const domain::ProductCommand> commands,
                                                           bool one_by_one, int timed_out) {
  if (!one_by_one) {
    return call_handler(commands, Deadline::after(options_.retry.timeout_for(commands.size(), timed_out)));
  }
  std::vector<Outcome> errors(commands.size());
  for (std::size_t k = 0; k < commands.size(); ++k) {
    if (batch[pending[k]].work->abandoned()) {
      // Not tried; apply() leaves it undone.
      errors[k].error = std::make_exception_ptr(domain::Error::unavailable("partition given up"));
      continue;
    }
    const auto deadline = Deadline::after(options_.retry.timeout_for(1, timed_out));
    errors[k] = call_handler(commands.subspan(k, 1), deadline).front();
  }
  return errors;
}

std::vector<CommandConsumer::Outcome> CommandConsumer::call_handler(std::span<const domain::ProductCommand> commands,
                                                                   Deadline deadline) {
  ++counters_.batches;
  try {
    auto errors = handler_(commands, deadline);
    if (errors.size() == commands.size()) return errors;
    throw domain::Error::internal(
        fmt::format("the handler reported {} outcome(s) for {} command(s)", errors.size(), commands.size()));
  } catch (...) {
    return std::vector<Outcome>(commands.size(), Outcome{std::current_exception()});
  }
}

void CommandConsumer::finish(Dispatcher::Batch& batch, std::size_t index, bool done) {
  auto& job = batch[index];
  job.work->finish(job.record.offset, done);
  job.span.end();
  --counters_.in_flight;
  if (done) ++done_since_commit_;
  if (done && options_.observer) options_.observer->processed(job.record.topic, Clock::now() - job.received);
  batch.release(index);
  // A paused partition may be resumed now: the poll thread must not sleep out its poll first, or
  // a fast handler would spend most of its time waiting for the next fetch.
  if (counters_.paused > 0 && job.work->outstanding() == options_.max_in_flight_per_partition / 2) {
    consumer_->wake();
  }
}

bool CommandConsumer::dead_letter(Job& job, const std::string& error, int attempts) {
  const auto& record = job.record;
  for (int attempt = 1;; ++attempt) {
    try {
      dead_letters_.publish(record, error, attempts, Deadline::after(options_.dead_letter_timeout));
      ++counters_.dead_lettered;
      if (options_.observer) options_.observer->handled(record.topic, ConsumerObserver::Result::DeadLettered);
      job.span.set_status(telemetry::SpanStatus::Error, "dead-lettered: " + error);
      const telemetry::ActiveContext::Scope scope(job.span.context());
      spdlog::error("kafka {}[{}]@{} dead-lettered after {} attempt(s): {}", record.topic, record.partition,
                    record.offset, attempts, error);
      return true;
    } catch (const std::exception& e) {
      spdlog::warn("kafka {}[{}]@{}: dead letter not written ({}), retrying", record.topic, record.partition,
                   record.offset, e.what());
    }
    if (wait_unless(Clock::now() + options_.retry.delay(attempt), [&] { return job.work->abandoned(); })) {
      return false;
    }
  }
}

void CommandConsumer::wait_retry(Dispatcher::Batch& batch, std::vector<std::size_t>& pending,
                                 std::vector<domain::ProductCommand>& commands, std::chrono::milliseconds delay) {
  const auto until = Clock::now() + delay;
  const auto abandoned = [&](std::size_t index) { return batch[index].work->give_up_if_draining(); };
  // A record whose partition is given up meanwhile is left undone, and so are later records of
  // its key (they are skipped), so none overtakes it; the others wait on.
  while (!pending.empty() &&
         wait_unless(until, [&] { return std::any_of(pending.begin(), pending.end(), abandoned); })) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      if (abandoned(pending[k])) {
        finish(batch, pending[k], false);
        continue;
      }
      pending[kept] = pending[k];
      commands[kept] = std::move(commands[k]);
      ++kept;
    }
    pending.resize(kept);
    commands.resize(kept);
  }
}

bool CommandConsumer::wait_unless(Clock::time_point until, const std::function<bool()>& given_up) {
  std::unique_lock lock(retry_mutex_);
  return abandoned_.wait_until(lock, until, given_up);
}

void CommandConsumer::abandon(const std::vector<WorkPtr>& works) {
  for (const auto& work : works) work->abandon();
  wake_retries();
}

void CommandConsumer::drain(const std::vector<WorkPtr>& works, Deadline deadline) {
  for (const auto& work : works) work->drain();
  // A retry waiting out its backoff gives its partition up now rather than hold up the stop.
  wake_retries();
  for (const auto& work : works) work->wait_idle(deadline);
}

void CommandConsumer::wake_retries() {
  // Taken after the flags are set: a worker checks them under this lock before it sleeps, so it
  // cannot miss the notification.
  std::lock_guard lock(retry_mutex_);
  abandoned_.notify_all();
}

void CommandConsumer::on_assigned(const std::vector<TopicPartition>& partitions) {
  // Fresh tracking: fetching starts at the committed offset, and the first record accepted sets
  // the base, so nothing from an earlier assignment of the partition carries over.
  for (const auto& partition : partitions) partitions_[partition] = std::make_shared<PartitionWork>(partition);
  assigned_ = partitions_.size();
  if (options_.observer) options_.observer->rebalanced();
  spdlog::info("kafka consumer assigned {} partition(s), {} in all", partitions.size(), partitions_.size());
}

void CommandConsumer::on_revoked(const std::vector<TopicPartition>& partitions, bool lost) {
  std::vector<WorkPtr> revoked;
  std::vector<TopicPartition> paused;
  for (const auto& partition : partitions) {
    const auto it = partitions_.find(partition);
    if (it == partitions_.end()) continue;
    revoked.push_back(it->second);
    if (it->second->paused()) paused.push_back(partition);
    partitions_.erase(it);
  }
  // Should the partition come back, it must not come back paused.
  if (!paused.empty()) {
    consumer_->resume(paused);
    counters_.paused -= static_cast<std::int64_t>(paused.size());
  }
  if (lost) {
    // Another member owns them already: finishing or committing their work would be refused.
    abandon(revoked);
  } else {
    release(revoked, Deadline::after(options_.revoke_timeout));
  }
  assigned_ = partitions_.size();
  if (options_.observer) {
    options_.observer->rebalanced();
    for (const auto& partition : partitions) options_.observer->unassigned(partition.topic, partition.partition);
  }
  spdlog::info("kafka consumer {} {} partition(s), {} left", lost ? "lost" : "revoked", partitions.size(),
               partitions_.size());
}

void CommandConsumer::release(const std::vector<WorkPtr>& works, Deadline deadline) {
  // Records not yet started are left to the partition's next owner rather than finished here: an
  // eager rebalance stops the whole group until every member has released its partitions, and
  // redelivery is harmless because applying a command again changes nothing.
  abandon(works);
  CommitOffsets offsets;
  for (const auto& work : works) {
    if (!work->wait_idle(deadline)) {
      spdlog::warn("kafka {}[{}]: {} handler call(s) still running at the deadline, left behind",
                   work->partition().topic, work->partition().partition, work->outstanding());
    }
    if (const auto offset = work->committable()) offsets[work->partition()] = *offset;
  }
  try {
    consumer_->commit(offsets, false);
  } catch (const std::exception& e) {
    spdlog::warn("{}", e.what());
  }
}

void CommandConsumer::resume_drained() {
  if (counters_.paused == 0) return;
  for (const auto& [partition, work] : partitions_) {
    if (work->paused() && work->outstanding() <= options_.max_in_flight_per_partition / 2 &&
        work->uncommitted() <= options_.max_uncommitted_per_partition / 2) {
      consumer_->resume({partition});
      work->set_paused(false);
      --counters_.paused;
    }
  }
}

void CommandConsumer::commit_if_due() {
  const auto now = std::chrono::steady_clock::now();
  if (done_since_commit_ < options_.commit_every && now - last_commit_ < options_.commit_interval) return;
  done_since_commit_ = 0;
  last_commit_ = now;
  CommitOffsets offsets;
  for (const auto& [partition, work] : partitions_) {
    if (const auto offset = work->take_commit()) offsets[partition] = *offset;
  }
  consumer_->commit(offsets, true);
}

void CommandConsumer::report_lag(std::string_view statistics) const {
  // On the poll thread, like the rebalance callbacks: partitions_ is what is assigned right now.
  for (const auto& lag : consumer_lag(statistics)) {
    if (partitions_.contains(lag.partition)) {
      options_.observer->lag(lag.partition.topic, lag.partition.partition, lag.records);
    }
  }
}

}  // namespace products::adapters::kafka
