#include "adapters/kafka/command_consumer.hpp"

#include <pthread.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "domain/error.hpp"

namespace products::adapters::kafka {

namespace {

using domain::Deadline;

// How long one poll may block: the latency of resuming a drained partition and of a due commit.
constexpr std::chrono::milliseconds kPollWait{100};

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

}  // namespace

CommandConsumer::CommandConsumer(ConsumerOptions options, Handler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      codec_(options_.topics),
      dead_letters_(dead_letter_properties(options_), options_.dead_letter_topic),
      dispatcher_(options_.workers, "kafka-work") {
  Consumer::RebalanceListener listener{
      [this](const std::vector<TopicPartition>& partitions) { on_assigned(partitions); },
      [this](const std::vector<TopicPartition>& partitions, bool lost) { on_revoked(partitions, lost); },
  };
  consumer_ = std::make_unique<Consumer>(KafkaConfig(consumer_properties(options_)), std::move(listener));
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
  dispatcher_.submit(key, [this, work, record = std::move(record)] { process(*work, record); });
}

void CommandConsumer::process(PartitionWork& work, const Record& record) {
  const bool done = !work.abandoned() && handle(work, record);
  work.finish(record.offset, done);
  --counters_.in_flight;
  if (done) ++done_since_commit_;
}

bool CommandConsumer::handle(PartitionWork& work, const Record& record) {
  domain::ProductCommand command;
  try {
    command = codec_.decode(record);
  } catch (const std::exception& e) {
    return dead_letter(work, record, e.what(), 1);
  }
  for (int attempt = 1;; ++attempt) {
    std::string error;
    bool transient = false;
    try {
      handler_(command, Deadline::after(options_.handler_timeout));
      ++counters_.processed;
      return true;
    } catch (const domain::Error& e) {
      error = e.what();
      transient = e.transient();
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown exception";
    }
    if (options_.retry.gives_up(attempt, transient)) return dead_letter(work, record, error, attempt);
    ++counters_.retried;
    const auto delay = options_.retry.delay(attempt);
    spdlog::warn("kafka {}[{}]@{}: attempt {} failed ({}), retrying in {} ms", record.topic, record.partition,
                 record.offset, attempt, error, delay.count());
    // Given up meanwhile: later records of this key are skipped too, so none overtakes this one.
    if (!work.wait_retry(delay)) return false;
  }
}

bool CommandConsumer::dead_letter(PartitionWork& work, const Record& record, const std::string& error,
                                  int attempts) {
  for (int attempt = 1;; ++attempt) {
    try {
      dead_letters_.publish(record, error, attempts, Deadline::after(options_.dead_letter_timeout));
      ++counters_.dead_lettered;
      spdlog::error("kafka {}[{}]@{} dead-lettered after {} attempt(s): {}", record.topic, record.partition,
                    record.offset, attempts, error);
      return true;
    } catch (const std::exception& e) {
      spdlog::warn("kafka {}[{}]@{}: dead letter not written ({}), retrying", record.topic, record.partition,
                   record.offset, e.what());
    }
    if (!work.wait_retry(options_.retry.delay(attempt))) return false;
  }
}

void CommandConsumer::on_assigned(const std::vector<TopicPartition>& partitions) {
  // Fresh tracking: fetching starts at the committed offset, and the first record accepted sets
  // the base, so nothing from an earlier assignment of the partition carries over.
  for (const auto& partition : partitions) partitions_[partition] = std::make_shared<PartitionWork>(partition);
  assigned_ = partitions_.size();
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
    for (const auto& work : revoked) work->abandon();
  } else {
    release(revoked, Deadline::after(options_.revoke_timeout));
  }
  assigned_ = partitions_.size();
  spdlog::info("kafka consumer {} {} partition(s), {} left", lost ? "lost" : "revoked", partitions.size(),
               partitions_.size());
}

void CommandConsumer::release(const std::vector<WorkPtr>& works, Deadline deadline) {
  // Records not yet started are left to the partition's next owner rather than finished here: an
  // eager rebalance stops the whole group until every member has released its partitions, and
  // redelivery is harmless because applying a command again changes nothing.
  for (const auto& work : works) work->abandon();
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

}  // namespace products::adapters::kafka
