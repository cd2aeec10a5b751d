#include "adapters/kafka/producer.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "adapters/kafka/metadata.hpp"

namespace products::adapters::kafka {

Producer::Producer(KafkaConfig config, DeliveryCallback on_delivery, ProducerObserver* observer)
    : on_delivery_(std::move(on_delivery)), observer_(observer) {
  rd_kafka_conf_set_opaque(config.get(), this);
  rd_kafka_conf_set_dr_msg_cb(config.get(), &Producer::on_report);
  client_ = std::move(config).create(RD_KAFKA_PRODUCER);
  main_queue_.reset(rd_kafka_queue_get_main(client_.get()));
}

rd_kafka_resp_err_t Producer::produce(const Record& record, void* opaque) {
  HeadersPtr headers(rd_kafka_headers_new(record.headers.size()));
  for (const auto& header : record.headers) {
    rd_kafka_header_add(headers.get(), header.name.data(), static_cast<ssize_t>(header.name.size()),
                        header.value.data(), static_cast<ssize_t>(header.value.size()));
  }
  const void* key = record.key ? record.key->data() : nullptr;
  const std::size_t key_size = record.key ? record.key->size() : 0;
  const auto err = rd_kafka_producev(
      client_.get(), RD_KAFKA_V_TOPIC(record.topic.c_str()), RD_KAFKA_V_PARTITION(record.partition),
      RD_KAFKA_V_KEY(key, key_size),
      RD_KAFKA_V_VALUE(const_cast<char*>(record.value.data()), record.value.size()),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(record.timestamp_ms.value_or(0)),
      RD_KAFKA_V_HEADERS(headers.get()), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
  // The message owns the headers only once it was accepted.
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    static_cast<void>(headers.release());
    if (observer_) observer_->accepted();
  }
  return err;
}

int Producer::poll(std::chrono::milliseconds timeout) {
  return rd_kafka_poll(client_.get(), static_cast<int>(timeout.count()));
}

void Producer::wake() { rd_kafka_queue_yield(main_queue_.get()); }

void Producer::purge() { rd_kafka_purge(client_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT); }

int Producer::pending() const { return rd_kafka_outq_len(client_.get()); }

std::optional<std::string> Producer::fatal_error() const {
  char reason[512];
  const auto err = rd_kafka_fatal_error(client_.get(), reason, sizeof reason);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
  return fmt::format("{}: {}", rd_kafka_err2name(err), reason);
}

bool Producer::ping(domain::Deadline deadline) const {
  try {
    fetch_metadata(client_.get(), false, deadline);
    return true;
  } catch (const std::exception& e) {
    spdlog::debug("kafka ping failed: {}", e.what());
    return false;
  }
}

void Producer::on_report(rd_kafka_t*, const rd_kafka_message_t* message, void* self) {
  auto& producer = *static_cast<Producer*>(self);
  if (producer.observer_) {
    // librdkafka measures from produce to report itself; -1 when it does not know.
    const auto latency = std::max<std::int64_t>(rd_kafka_message_latency(message), 0);
    producer.observer_->delivered(rd_kafka_topic_name(message->rkt), message->err == RD_KAFKA_RESP_ERR_NO_ERROR,
                                  std::chrono::microseconds(latency));
  }
  producer.on_delivery_(message->_private, message->err);
}

}  // namespace products::adapters::kafka
