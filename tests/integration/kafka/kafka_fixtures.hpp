#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <atomic>
#include <exception>

#include <gtest/gtest.h>

#include "adapters/kafka/admin.hpp"
#include "adapters/kafka/async_producer.hpp"
#include "adapters/kafka/consumer.hpp"
#include "adapters/kafka/kafka_config.hpp"
#include "adapters/kafka/record.hpp"
#include "support/test_env.hpp"

namespace products::testing {

inline adapters::kafka::Properties kafka_client_properties() {
  return {{"bootstrap.servers", kafka_brokers()}};
}

// Topics with names no other test uses, created for one test and deleted after it.
class ScratchTopics {
 public:
  explicit ScratchTopics(const std::vector<std::string>& prefixes, int partitions = 3)
      : admin_(kafka_client_properties()) {
    std::vector<adapters::kafka::TopicSpec> specs;
    for (const auto& prefix : prefixes) {
      names_.push_back(unique_name(prefix));
      specs.push_back({names_.back(), partitions, 1, {}});
    }
    admin_.create_topics(specs, domain::Deadline::after(std::chrono::seconds(30)));
  }
  ~ScratchTopics() {
    try {
      admin_.delete_topics(names_, domain::Deadline::after(std::chrono::seconds(10)));
    } catch (const std::exception&) {
      // A leftover uniquely named topic harms no other test.
    }
  }
  ScratchTopics(const ScratchTopics&) = delete;
  ScratchTopics& operator=(const ScratchTopics&) = delete;

  const std::string& operator[](std::size_t i) const { return names_.at(i); }
  adapters::kafka::Admin& admin() { return admin_; }

 private:
  adapters::kafka::Admin admin_;
  std::vector<std::string> names_;
};

// A plain group member that reads from the beginning and commits only when told to.
inline adapters::kafka::KafkaConfig test_consumer_config(const std::string& group) {
  adapters::kafka::KafkaConfig config(kafka_client_properties());
  config.set("group.id", group).set("auto.offset.reset", "earliest").set("enable.auto.commit", "false");
  return config;
}

// Sends the records through an idempotent producer and waits until each was acknowledged.
inline void send_all(const std::vector<adapters::kafka::Record>& records) {
  adapters::kafka::AsyncProducer producer(kafka_client_properties(), "test-producer");
  std::atomic<std::size_t> acknowledged{0};
  std::atomic<std::size_t> failed{0};
  for (const auto& record : records) {
    producer.send(record, domain::Deadline::after(std::chrono::seconds(20)),
                  [&](std::exception_ptr error) { ++(error ? failed : acknowledged); });
  }
  ASSERT_TRUE(wait_until([&] { return acknowledged + failed == records.size(); }, std::chrono::seconds(30)));
  ASSERT_EQ(failed, 0u);
}

// Polls until `count` records arrived or `timeout` passed; returns what arrived.
inline std::vector<adapters::kafka::Record> poll_records(adapters::kafka::Consumer& consumer, std::size_t count,
                                                         std::chrono::milliseconds timeout) {
  std::vector<adapters::kafka::Record> records;
  wait_until(
      [&] {
        if (auto record = consumer.poll(std::chrono::milliseconds(100))) records.push_back(std::move(*record));
        return records.size() >= count;
      },
      timeout, std::chrono::milliseconds(0));
  return records;
}

}  // namespace products::testing
