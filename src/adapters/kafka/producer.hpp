#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/kafka_handles.hpp"
#include "adapters/kafka/producer_observer.hpp"
#include "adapters/kafka/record.hpp"
#include "domain/deadline.hpp"

namespace products::adapters::kafka {

// An rd_kafka_t producer. It starts no thread of its own: whoever owns it polls, and delivery
// reports arrive on the polling thread.
class Producer {
 public:
  // Called once per accepted message with the opaque given to produce() and the delivery outcome.
  using DeliveryCallback = std::function<void(void* opaque, rd_kafka_resp_err_t err)>;

  // `observer`, when given, hears of every accepted message and every report; it must outlive this.
  Producer(KafkaConfig config, DeliveryCallback on_delivery, ProducerObserver* observer = nullptr);
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Never blocks: a full local queue is RD_KAFKA_RESP_ERR__QUEUE_FULL. NO_ERROR means exactly one
  // delivery report for `opaque` follows.
  rd_kafka_resp_err_t produce(const Record& record, void* opaque);

  // Serves delivery reports (and logs, errors) for up to `timeout`; returns how many were served.
  int poll(std::chrono::milliseconds timeout);
  // Makes a poll() blocked on another thread return now.
  void wake();
  // Drops queued and in-flight messages; their reports come back with a __PURGE_* error.
  void purge();

  // Messages not yet delivered plus reports not yet served.
  int pending() const;
  // The error (name and reason) that put the idempotent producer in its fatal state, from which it
  // refuses every message for good; nullopt while it has none.
  std::optional<std::string> fatal_error() const;
  bool ping(domain::Deadline deadline) const;

 private:
  static void on_report(rd_kafka_t* client, const rd_kafka_message_t* message, void* self);

  DeliveryCallback on_delivery_;
  ProducerObserver* observer_;
  KafkaPtr client_;
  QueuePtr main_queue_;
};

}  // namespace products::adapters::kafka
