#include "adapters/kafka/async_producer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <librdkafka/rdkafka_mock.h>

#include <gtest/gtest.h>

#include "adapters/kafka/topic_reader.hpp"
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

// librdkafka's in-process mock cluster, with one topic of one partition, that answers the first
// produce request with an out-of-order sequence number on a first attempt: the idempotent producer's
// fatal "sequence desynchronization", as librdkafka 2.0 raises it after a partition leader's crash.
class DesynchronizingCluster {
 public:
  static constexpr const char* kTopic = "orders";

  DesynchronizingCluster() {
    char errstr[512];
    owner_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), errstr, sizeof errstr));
    if (!owner_) throw std::runtime_error(errstr);
    cluster_.reset(rd_kafka_mock_cluster_new(owner_.get(), 1));
    if (!cluster_ || rd_kafka_mock_topic_create(cluster_.get(), kTopic, 1, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("no mock cluster");
    }
    constexpr std::int16_t kProduceApi = 0;
    rd_kafka_mock_push_request_errors(cluster_.get(), kProduceApi, 1, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER);
  }

  Properties properties() const { return {{"bootstrap.servers", rd_kafka_mock_cluster_bootstraps(cluster_.get())}}; }

 private:
  KafkaPtr owner_;
  std::unique_ptr<rd_kafka_mock_cluster_t, decltype(&rd_kafka_mock_cluster_destroy)> cluster_{
      nullptr, &rd_kafka_mock_cluster_destroy};
};

TEST(AsyncProducerTest, AFatalProducerErrorIsSurvivedByAReplacementThatDeliversEveryMessage) {
  DesynchronizingCluster cluster;
  Outcomes outcomes;
  AsyncProducer producer(cluster.properties(), "test");
  auto message = record();
  message.topic = DesynchronizingCluster::kTopic;
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

// The caller gives each record away at send(); what the replacement sends again is the pending
// entry's own copy, so every record reaches the topic whole. (A record the broker had written
// before the failure may be there twice.)
TEST(AsyncProducerTest, AReplacementSendsEachRecordItWasGivenWhole) {
  DesynchronizingCluster cluster;
  Outcomes outcomes;
  std::vector<Record> sent;
  {
    AsyncProducer producer(cluster.properties(), "test");
    for (int i = 0; i < 5; ++i) {
      Record message;
      message.topic = DesynchronizingCluster::kTopic;
      message.key = "key-" + std::to_string(i);
      message.value = std::string(100 + i, static_cast<char>('a' + i));
      message.headers = {{"index", std::to_string(i)}, {"trace", std::string(i, 't')}};
      sent.push_back(message);
      producer.send(std::move(message), Deadline::after(20s), outcomes.completion());
    }
    ASSERT_TRUE(wait_until([&] { return outcomes.calls == 5; }, 25s)) << outcomes.calls;
    ASSERT_EQ(producer.replacements(), 1u);
    ASSERT_EQ(outcomes.first_error(), "");
  }

  TopicReader reader(cluster.properties());
  const auto ranges = reader.ranges(DesynchronizingCluster::kTopic, Deadline::after(10s));
  ASSERT_EQ(ranges.size(), 1u);
  std::vector<Record> received;
  reader.read(DesynchronizingCluster::kTopic, ranges[0], Deadline::after(10s),
              [&](Record record) { received.push_back(std::move(record)); });
  const auto whole = [](const Record& a) {
    return [&a](const Record& b) { return a.key == b.key && a.value == b.value && a.headers == b.headers; };
  };
  for (const auto& message : sent) {
    EXPECT_TRUE(std::any_of(received.begin(), received.end(), whole(message))) << *message.key << " is missing";
  }
  for (const auto& message : received) {
    EXPECT_TRUE(std::any_of(sent.begin(), sent.end(), whole(message))) << "unexpected " << message.value;
  }
}

TEST(AsyncProducerTest, PingFailsWithoutABroker) {
  AsyncProducer producer(unreachable(), "test");
  EXPECT_FALSE(producer.ping(Deadline::after(200ms)));
}

}  // namespace
}  // namespace products::adapters::kafka
