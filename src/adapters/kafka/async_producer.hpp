#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/producer.hpp"
#include "adapters/kafka/record.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// A producer for writes that must not be lost: idempotent, acks=all, whatever the properties
// say. Its own thread polls for delivery reports and enforces each message's deadline, so that
// senders never block and every completion runs exactly once, on that thread:
//   nullptr once the broker acknowledged;
//   domain::Error when librdkafka refuses the message (a full queue: Unavailable, at once), when
//   delivery fails, or with Unavailable("kafka did not acknowledge in time") at the deadline.
// A report arriving after the deadline is ignored: the caller was already told. The message may
// still be written then; at-least-once consumers with idempotent effects make that harmless.
//
// A fatal error of the idempotent producer (librdkafka before 2.3 raises one when a broker that
// led a partition dies with requests in flight: "sequence desynchronization") would otherwise
// leave the producer refusing everything until a restart. Instead a new producer replaces it and
// every message not yet acknowledged is sent again, oldest first, within its own deadline; the
// ones the broker had already written are then in Kafka twice, which consumers absorb as above.
class AsyncProducer {
 public:
  using Completion = std::function<void(std::exception_ptr)>;

  // `properties` must name bootstrap.servers; `name` names the thread and the log lines.
  // `observer` as for Producer.
  AsyncProducer(const Properties& properties, const std::string& name, ProducerObserver* observer = nullptr);
  // Fails what is still pending with Unavailable; call flush() first for a clean shutdown.
  ~AsyncProducer();
  AsyncProducer(const AsyncProducer&) = delete;
  AsyncProducer& operator=(const AsyncProducer&) = delete;

  // The record moves into the entry kept until acknowledged, which is what librdkafka is given.
  void send(Record record, domain::Deadline deadline, Completion done);

  // Waits until every message was delivered (or failed); false if the deadline came first.
  bool flush(domain::Deadline deadline);
  // Whether a broker answers a metadata request before the deadline.
  bool ping(domain::Deadline deadline) const { return current()->ping(deadline); }

  // How many times a producer in a fatal state was replaced.
  std::uint64_t replacements() const;

 private:
  struct Pending {
    Record record;  // what is produced, kept until acknowledged: a replacement producer sends it again
    Completion done;
    domain::Deadline::Clock::time_point deadline;
  };

  std::shared_ptr<Producer> make_producer();
  std::shared_ptr<Producer> current() const;
  void run();
  void on_delivery(void* opaque, rd_kafka_resp_err_t err);
  void produce(std::uint64_t id, const Record& record);  // mutex_ held
  std::optional<Completion> take(std::uint64_t id);  // mutex_ held
  std::chrono::milliseconds poll_wait() const;
  void replace_failed_producer();
  void send_again();
  void complete_refused();
  void expire_overdue();

  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::set<std::pair<domain::Deadline::Clock::time_point, std::uint64_t>> deadlines_;
  std::vector<std::pair<Completion, std::exception_ptr>> refused_;
  std::set<std::uint64_t> to_send_again_;  // ids, oldest first, for the current producer
  std::uint64_t next_id_ = 1;
  std::uint64_t replacements_ = 0;
  bool stopping_ = false;
  const Properties properties_;
  const std::string name_;
  ProducerObserver* const observer_;
  // Replaced only on the poller thread, under mutex_: other threads use it under mutex_, the poller
  // thread without it.
  std::shared_ptr<Producer> producer_;
  std::thread poller_;
};

}  // namespace products::adapters::kafka
