#pragma once

// Header-only on purpose: products_test_support does not link the Kafka adapter, and only the
// binaries that do (e2e) include this.

#include <chrono>
#include <exception>
#include <future>
#include <string>

#include <gtest/gtest.h>

#include "adapters/kafka/async_producer.hpp"
#include "adapters/kafka/record.hpp"
#include "support/test_env.hpp"

namespace products::testing {

// Produces `record` to the local stack's Kafka and waits for the broker's acknowledgement.
inline void produce_record(const adapters::kafka::Record& record) {
  adapters::kafka::AsyncProducer producer({{"bootstrap.servers", kafka_brokers()}}, "e2e-produce");
  std::promise<std::exception_ptr> done;
  producer.send(record, domain::Deadline::after(std::chrono::seconds(20)),
                [&](std::exception_ptr error) { done.set_value(error); });
  ASSERT_EQ(done.get_future().get(), nullptr) << "could not produce to " << record.topic;
}

// A record no consumer can decode, for `topic`: the service dead-letters it.
inline adapters::kafka::Record poison_record(const std::string& topic) {
  adapters::kafka::Record record;
  record.topic = topic;
  record.key = "poison";
  record.value = "{not json";
  return record;
}

}  // namespace products::testing
