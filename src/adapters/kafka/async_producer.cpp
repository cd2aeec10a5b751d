#include "adapters/kafka/async_producer.hpp"

#include <pthread.h>

#include <algorithm>

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
  }
  current()->wake();
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

void AsyncProducer::send(const Record& record, domain::Deadline deadline, Completion done) {
  std::uint64_t id = 0;
  std::shared_ptr<Producer> producer;
  {
    std::lock_guard lock(mutex_);
    // Registered before producing: the report may be served before produce() returns.
    id = next_id_++;
    pending_.emplace(id, Pending{record, std::move(done), deadline.at()});
    deadlines_.emplace(deadline.at(), id);
    producer = producer_;
  }
  produce(*producer, record, id);
}

void AsyncProducer::produce(Producer& producer, const Record& record, std::uint64_t id) {
  const auto err = producer.produce(record, reinterpret_cast<void*>(id));
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  {
    std::lock_guard lock(mutex_);
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      // A failed producer refuses everything: its replacement will send this one.
      if (pending_.contains(id)) to_send_again_.insert(id);
    } else if (auto refused = take(id)) {
      refused_.emplace_back(std::move(*refused),
                            std::make_exception_ptr(kafka_error(err, "kafka refused the message")));
    }
  }
  producer.wake();
}

bool AsyncProducer::flush(domain::Deadline deadline) {
  std::unique_lock lock(mutex_);
  return progressed_.wait_until(lock, deadline.at(), [this] { return producer_->pending() == 0 && pending_.empty(); });
}

void AsyncProducer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto wait = poll_wait();
    const auto producer = producer_;
    lock.unlock();
    producer->poll(wait);
    if (producer->fatal_error()) replace_failed_producer();
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
  const auto failed = current();
  const auto reason = failed->fatal_error().value_or("");
  // What it acknowledged before it failed completes now; everything else is sent again.
  failed->purge();
  failed->poll(std::chrono::milliseconds::zero());
  auto fresh = make_producer();
  std::size_t unacknowledged = 0;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : pending_) to_send_again_.insert(entry.first);
    unacknowledged = to_send_again_.size();
    producer_ = std::move(fresh);
    ++replacements_;
  }
  spdlog::warn("kafka producer {} failed ({}); replaced by a new one, which sends the {} unacknowledged message(s) again",
               name_, reason, unacknowledged);
}

void AsyncProducer::send_again() {
  std::vector<std::pair<std::uint64_t, Record>> again;
  std::shared_ptr<Producer> producer;
  {
    std::lock_guard lock(mutex_);
    if (to_send_again_.empty()) return;
    for (const auto id : to_send_again_) {
      if (auto it = pending_.find(id); it != pending_.end()) again.emplace_back(id, it->second.record);
    }
    to_send_again_.clear();
    producer = producer_;
  }
  for (const auto& [id, record] : again) produce(*producer, record, id);
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
