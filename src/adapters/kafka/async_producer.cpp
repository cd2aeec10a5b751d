#include "adapters/kafka/async_producer.hpp"

#include <pthread.h>

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "adapters/kafka/kafka_errors.hpp"

namespace products::adapters::kafka {

namespace {

// Upper bound on one poll, so that deadlines are checked even when no report wakes the thread.
constexpr std::chrono::milliseconds kMaxPollWait{100};

}  // namespace

AsyncProducer::AsyncProducer(const Properties& properties, const std::string& name, ProducerObserver* observer)
    : properties_(properties), name_(name), observer_(observer), producer_(make_producer()) {
  poller_ = std::thread([this] { run(); });
  pthread_setname_np(poller_.native_handle(), name.substr(0, 15).c_str());
}

AsyncProducer::~AsyncProducer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    producer_->wake();
  }
  poller_.join();
  // Reports of purged messages, then failures for whatever they did not complete.
  producer_->purge();
  producer_->poll(std::chrono::milliseconds::zero());
  complete_refused();
  std::unordered_map<std::uint64_t, Pending> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(pending_);
    deadlines_.clear();
  }
  for (auto& [id, pending] : left) {
    pending.done(std::make_exception_ptr(domain::Error::unavailable("kafka producer shut down")));
  }
}

std::shared_ptr<Producer> AsyncProducer::make_producer() {
  KafkaConfig config(properties_);
  config.set("client.id", name_).set("enable.idempotence", "true").set("acks", "all");
  return std::make_shared<Producer>(
      std::move(config), [this](void* opaque, rd_kafka_resp_err_t err) { on_delivery(opaque, err); }, observer_);
}

std::shared_ptr<Producer> AsyncProducer::current() const {
  std::lock_guard lock(mutex_);
  return producer_;
}

std::uint64_t AsyncProducer::replacements() const {
  std::lock_guard lock(mutex_);
  return replacements_;
}

void AsyncProducer::send(Record record, domain::Deadline deadline, Completion done) {
  std::lock_guard lock(mutex_);
  // Registered before producing: the report may be served before produce() returns.
  const auto id = next_id_++;
  const auto& pending = pending_.emplace(id, Pending{std::move(record), std::move(done), deadline.at()}).first->second;
  deadlines_.emplace(deadline.at(), id);
  produce(id, pending.record);
}

// Under mutex_: a report or the deadline may take the entry on the poller thread as soon as it is
// registered, and librdkafka reads the entry's bytes until produce() returns. It copies them then
// (Producer passes RD_KAFKA_MSG_F_COPY; it copies keys and headers in any case). Letting it reference
// the value instead would be a use after free: the entry is taken at the caller's deadline, while
// librdkafka may hold the message until message.timeout.ms. produce() never blocks and serves no
// callback, so holding the lock costs the poller thread one copy at most, and no other thread can
// replace producer_ meanwhile.
void AsyncProducer::produce(std::uint64_t id, const Record& record) {
  const auto err = producer_->produce(record, reinterpret_cast<void*>(id));
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    // A failed producer refuses everything: its replacement will send this one.
    to_send_again_.insert(id);
  } else {
    refused_.emplace_back(*take(id), std::make_exception_ptr(kafka_error(err, "kafka refused the message")));
  }
  producer_->wake();
}

bool AsyncProducer::flush(domain::Deadline deadline) {
  std::unique_lock lock(mutex_);
  // Our own entries, not librdkafka's queue length: that also counts error events (a refused
  // connection) the poller has yet to serve, so an idle producer could look busy.
  return progressed_.wait_until(lock, deadline.at(), [this] { return pending_.empty() && refused_.empty(); });
}

void AsyncProducer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto wait = poll_wait();
    lock.unlock();
    producer_->poll(wait);
    if (producer_->fatal_error()) replace_failed_producer();
    send_again();
    complete_refused();
    expire_overdue();
    lock.lock();
    progressed_.notify_all();
  }
}

void AsyncProducer::on_delivery(void* opaque, rd_kafka_resp_err_t err) {
  // Only the poller thread (or the destructor after it) polls, and only it replaces producer_.
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && producer_->fatal_error()) {
    // Not the message's fate but the producer's: its replacement sends the message again.
    return;
  }
  const auto id = reinterpret_cast<std::uint64_t>(opaque);
  std::optional<Completion> done;
  {
    std::lock_guard lock(mutex_);
    done = take(id);
  }
  if (!done) {
    spdlog::debug("kafka delivery report after the deadline ({}), ignored", rd_kafka_err2name(err));
    return;
  }
  (*done)(err == RD_KAFKA_RESP_ERR_NO_ERROR ? nullptr
                                            : std::make_exception_ptr(kafka_error(err, "kafka delivery failed")));
}

void AsyncProducer::replace_failed_producer() {
  const auto reason = producer_->fatal_error().value_or("");
  // What it acknowledged before it failed completes now; everything else is sent again.
  producer_->purge();
  producer_->poll(std::chrono::milliseconds::zero());
  auto fresh = make_producer();
  std::shared_ptr<Producer> failed;  // destroyed outside the lock: that waits for its threads
  std::size_t unacknowledged = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : pending_) to_send_again_.insert(entry.first);
    unacknowledged = to_send_again_.size();
    failed = std::exchange(producer_, std::move(fresh));
    ++replacements_;
  }
  spdlog::warn("kafka producer {} failed ({}); replaced by a new one, which sends the {} unacknowledged message(s) again",
               name_, reason, unacknowledged);
}

void AsyncProducer::send_again() {
  std::lock_guard lock(mutex_);
  // Taken first: a producer that failed again puts what it refused back for the next round.
  for (const auto id : std::exchange(to_send_again_, {})) {
    if (auto it = pending_.find(id); it != pending_.end()) produce(id, it->second.record);
  }
}

std::optional<AsyncProducer::Completion> AsyncProducer::take(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return std::nullopt;
  auto done = std::move(it->second.done);
  deadlines_.erase({it->second.deadline, id});
  pending_.erase(it);
  return done;
}

std::chrono::milliseconds AsyncProducer::poll_wait() const {
  if (!refused_.empty() || !to_send_again_.empty()) return std::chrono::milliseconds::zero();
  if (deadlines_.empty()) return kMaxPollWait;
  const auto until_next = std::chrono::ceil<std::chrono::milliseconds>(deadlines_.begin()->first -
                                                                         domain::Deadline::Clock::now());
  return std::clamp(until_next, std::chrono::milliseconds::zero(), kMaxPollWait);
}

void AsyncProducer::complete_refused() {
  std::vector<std::pair<Completion, std::exception_ptr>> refused;
  {
    std::lock_guard lock(mutex_);
    refused.swap(refused_);
  }
  for (auto& [done, error] : refused) done(error);
}

void AsyncProducer::expire_overdue() {
  std::vector<Completion> overdue;
  {
    std::lock_guard lock(mutex_);
    const auto now = domain::Deadline::Clock::now();
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
      if (auto done = take(deadlines_.begin()->second)) overdue.push_back(std::move(*done));
    }
  }
  for (auto& done : overdue) {
    done(std::make_exception_ptr(domain::Error::unavailable("kafka did not acknowledge in time")));
  }
}

}  // namespace products::adapters::kafka
