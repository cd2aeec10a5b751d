#include "adapters/kafka/async_producer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include <librdkafka/rdkafka_mock.h>

#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "support/test_env.hpp"

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using products::testing::wait_until;

// No broker listens here, so nothing is ever acknowledged.
Properties unreachable(Properties extra = {}) {
  extra["bootstrap.servers"] = "127.0.0.1:1";
  return extra;
}

Record record() {
  Record out;
  out.topic = "nowhere";
  out.key = "k";
  out.value = "v";
  return out;
}

// Records what each completion reported, and on which thread.
struct Outcomes {
  std::mutex mutex;
  std::vector<std::string> errors;
  std::vector<std::thread::id> threads;
  std::atomic<int> calls{0};

  AsyncProducer::Completion completion() {
    return [this](std::exception_ptr error) {
      std::lock_guard lock(mutex);
      try {
        if (error) std::rethrow_exception(error);
        errors.emplace_back();
      } catch (const domain::Error& e) {
        errors.emplace_back(std::string(domain::to_string(e.kind())) + ": " + e.what());
      }
      threads.push_back(std::this_thread::get_id());
      ++calls;
    };
  }

  // The first completion that reported an error; empty when all were acknowledged.
  std::string first_error() {
    std::lock_guard lock(mutex);
    for (const auto& error : errors) {
      if (!error.empty()) return error;
    }
    return {};
  }
};

TEST(AsyncProducerTest, UnacknowledgedMessageCompletesUnavailableAtItsDeadlineExactlyOnce) {
  Outcomes outcomes;
  const auto start = std::chrono::steady_clock::now();
  {
    AsyncProducer producer(unreachable(), "test");
    producer.send(record(), Deadline::after(300ms), outcomes.completion());
    ASSERT_TRUE(wait_until([&] { return outcomes.calls == 1; }, 5s));
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 300ms);
    EXPECT_LT(waited, 1500ms);
  }
  // The producer's shutdown purged the message; its late report must not complete it again.
  EXPECT_EQ(outcomes.calls, 1);
  ASSERT_EQ(outcomes.errors.size(), 1u);
  EXPECT_EQ(outcomes.errors[0], "unavailable: kafka did not acknowledge in time");
  EXPECT_NE(outcomes.threads[0], std::this_thread::get_id());
}

TEST(AsyncProducerTest, FullLocalQueueCompletesUnavailableAtOnceOnTheProducersThread) {
  Outcomes outcomes;
  AsyncProducer producer(unreachable({{"queue.buffering.max.messages", "1"}}), "test");
  producer.send(record(), Deadline::after(30s), outcomes.completion());
  const auto start = std::chrono::steady_clock::now();
  producer.send(record(), Deadline::after(30s), outcomes.completion());
  ASSERT_TRUE(wait_until([&] { return outcomes.calls == 1; }, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  std::lock_guard lock(outcomes.mutex);
  EXPECT_NE(outcomes.errors[0].find("unavailable: kafka refused the message"), std::string::npos)
      << outcomes.errors[0];
  EXPECT_NE(outcomes.threads[0], std::this_thread::get_id());
}

TEST(AsyncProducerTest, ShutdownFailsWhatIsStillPendingExactlyOnce) {
  Outcomes outcomes;
  {
    AsyncProducer producer(unreachable(), "test");
    for (int i = 0; i < 10; ++i) producer.send(record(), Deadline::after(60s), outcomes.completion());
  }
  EXPECT_EQ(outcomes.calls, 10);
  for (const auto& error : outcomes.errors) EXPECT_EQ(error.rfind("unavailable: ", 0), 0u) << error;
}

TEST(AsyncProducerTest, FlushGivesUpAtItsDeadlineAndSucceedsAtOnceWhenIdle) {
  Outcomes outcomes;
  AsyncProducer producer(unreachable(), "test");
  EXPECT_TRUE(producer.flush(Deadline::after(1ms)));
  producer.send(record(), Deadline::after(60s), outcomes.completion());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(producer.flush(Deadline::after(200ms)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

// librdkafka's in-process mock cluster answers the first produce request with an out-of-order
// sequence number on a first attempt: the idempotent producer's fatal "sequence desynchronization",
// as librdkafka 2.0 raises it after a partition leader's crash.
TEST(AsyncProducerTest, AFatalProducerErrorIsSurvivedByAReplacementThatDeliversEveryMessage) {
  char errstr[512];
  KafkaPtr owner(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), errstr, sizeof errstr));
  ASSERT_TRUE(owner) << errstr;
  std::unique_ptr<rd_kafka_mock_cluster_t, decltype(&rd_kafka_mock_cluster_destroy)> cluster(
      rd_kafka_mock_cluster_new(owner.get(), 1), &rd_kafka_mock_cluster_destroy);
  ASSERT_TRUE(cluster);
  ASSERT_EQ(rd_kafka_mock_topic_create(cluster.get(), "orders", 1, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  constexpr std::int16_t kProduceApi = 0;
  rd_kafka_mock_push_request_errors(cluster.get(), kProduceApi, 1, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);

  Outcomes outcomes;
  AsyncProducer producer({{"bootstrap.servers", rd_kafka_mock_cluster_bootstraps(cluster.get())}}, "test");
  auto message = record();
  message.topic = "orders";
  constexpr int kMessages = 5;
  for (int i = 0; i < kMessages; ++i) producer.send(message, Deadline::after(20s), outcomes.completion());
  ASSERT_TRUE(wait_until([&] { return outcomes.calls == kMessages; }, 25s)) << outcomes.calls;
  EXPECT_EQ(producer.replacements(), 1u);
  EXPECT_EQ(outcomes.first_error(), "");

  // The replacement goes on taking messages.
  producer.send(message, Deadline::after(20s), outcomes.completion());
  EXPECT_TRUE(wait_until([&] { return outcomes.calls == kMessages + 1; }, 25s));
  EXPECT_EQ(outcomes.first_error(), "");
}

TEST(AsyncProducerTest, PingFailsWithoutABroker) {
  AsyncProducer producer(unreachable(), "test");
  EXPECT_FALSE(producer.ping(Deadline::after(200ms)));
}

}  // namespace
}  // namespace products::adapters::kafka
