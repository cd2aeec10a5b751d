#include "command_feeder.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace products::bench {

namespace {

adapters::kafka::KafkaConfig producer_config(const std::string& brokers) {
  adapters::kafka::KafkaConfig config({{"bootstrap.servers", brokers},
                                       {"client.id", "products-bench-e2e"},
                                       {"enable.idempotence", "true"},
                                       {"acks", "all"},
                                       {"compression.codec", "lz4"},
                                       {"linger.ms", "5"},
                                       {"message.timeout.ms", "60000"}});
  return config;
}

}  // namespace

CommandFeeder::CommandFeeder(const std::string& brokers, adapters::kafka::CommandTopics topics)
    : codec_(std::move(topics)),
      producer_(producer_config(brokers), [this](void*, rd_kafka_resp_err_t err) {
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
        if (failed_++ == 0) {
          std::lock_guard lock(mutex_);
          first_error_ = rd_kafka_err2str(err);
        }
      }) {}

void CommandFeeder::send(const std::vector<domain::ProductCommand>& commands, domain::Deadline deadline) {
  const auto timed_out = [&](const char* step) {
    return std::runtime_error(fmt::format("kafka: {} {} commands took longer than the deadline ({} still pending)",
                                          step, commands.size(), producer_.pending()));
  };
  for (const auto& command : commands) {
    const auto record = codec_.encode(command);
    for (;;) {
      const auto err = producer_.produce(record, nullptr);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        throw std::runtime_error(fmt::format("kafka: cannot produce to {}: {}", record.topic, rd_kafka_err2str(err)));
      }
      if (deadline.expired()) throw timed_out("producing");
      producer_.poll(std::chrono::milliseconds(10));
    }
    producer_.poll(std::chrono::milliseconds(0));
  }
  while (producer_.pending() > 0) {
    if (deadline.expired()) throw timed_out("delivering");
    producer_.poll(std::chrono::milliseconds(50));
  }
  if (const auto failed = failed_.exchange(0)) {
    std::lock_guard lock(mutex_);
    throw std::runtime_error(fmt::format("kafka: {} of {} commands were not delivered: {}", failed, commands.size(),
                                         first_error_));
  }
}

}  // namespace products::bench
