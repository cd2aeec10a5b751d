#include "adapters/kafka/command_consumer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/dead_letter_publisher.hpp"
#include "domain/error.hpp"
#include "integration/consumer/consumer_fixtures.hpp"

namespace products::testing {
namespace {

using adapters::kafka::CommandCodec;
using adapters::kafka::CommandConsumer;
using adapters::kafka::Consumer;
using adapters::kafka::DeadLetterPublisher;
using adapters::kafka::Record;
using domain::CommandType;
using domain::Deadline;

std::vector<AppliedLog::Entry> sorted(std::vector<AppliedLog::Entry> entries) {
  std::sort(entries.begin(), entries.end());
  return entries;
}

// A window for "nothing more arrives" measured in the consumer's own poll rounds, not in time.
bool polled_again(const CommandConsumer& consumer, std::uint64_t rounds) {
  const auto from = consumer.counters().polls.load();
  return wait_until([&] { return consumer.counters().polls >= from + rounds; }, 30s);
}

TEST(CommandConsumerTest, PoisonMessagesAreDeadLetteredWithTheirOriginalBytesAndTheConsumerMovesOn) {
  ConsumerTopics topics;
  const auto id = domain::ObjectId::generate();
  const CommandCodec codec(topics.command_topics());
  const auto valid = make_command(CommandType::Create, id, domain::version_now());

  // All with the product's key, so all in one partition, in this order.
  auto not_json = codec.encode(valid);
  not_json.value = std::string("\x00\x01 not json {", 14);
  not_json.headers.push_back({"x-origin", "test"});
  auto invalid = codec.encode(make_command(CommandType::Create, id, domain::version_now(), "x"));
  send_all({not_json, invalid, codec.encode(valid)});

  AppliedLog applied;
  const auto options = topics.options();
  CommandConsumer consumer(options, each([&](const auto& command, Deadline) { applied.add(command); }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return applied.size() == 1 && consumer.counters().dead_lettered == 2; }, 30s));
  EXPECT_EQ(applied.entries(), entries_of({valid}));
  consumer.stop(Deadline::after(10s));

  Consumer reader(test_consumer_config(unique_name("it-dlq-reader")), {[](auto&) {}, [](auto&, bool) {}});
  reader.subscribe({topics.dead_letter_topic()});
  const auto letters = poll_records(reader, 2, 20s);
  ASSERT_EQ(letters.size(), 2u);
  const Record* originals[] = {&not_json, &invalid};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& letter = letters[i];
    const auto& original = *originals[i];
    EXPECT_EQ(letter.key, original.key);
    EXPECT_EQ(letter.value, original.value);
    ASSERT_GE(letter.headers.size(), original.headers.size() + 5);
    EXPECT_TRUE(std::equal(original.headers.begin(), original.headers.end(), letter.headers.begin()));
    EXPECT_EQ(*letter.header(DeadLetterPublisher::kTopicHeader), topics.command_topics().create);
    EXPECT_EQ(*letter.header(DeadLetterPublisher::kOffsetHeader), std::to_string(i));
    EXPECT_EQ(*letter.header(DeadLetterPublisher::kAttemptsHeader), "1");
  }
  EXPECT_NE(letters[0].header(DeadLetterPublisher::kErrorHeader)->find("JSON"), std::string::npos);
  EXPECT_NE(letters[1].header(DeadLetterPublisher::kErrorHeader)->find("name"), std::string::npos);
  const auto partition = std::stoi(*letters[0].header(DeadLetterPublisher::kPartitionHeader));

  // Everything was done, so the group committed past all three records.
  const adapters::kafka::TopicPartition source{topics.command_topics().create, partition};
  Consumer group_member(test_consumer_config(options.group_id), {[](auto&) {}, [](auto&, bool) {}});
  const auto committed = group_member.committed({source}, Deadline::after(10s));
  ASSERT_EQ(committed.count(source), 1u);
  EXPECT_EQ(committed.at(source), 3);
}

TEST(CommandConsumerTest, PermanentHandlerFailureIsDeadLetteredAfterBoundedAttempts) {
  ConsumerTopics topics;
  const auto doomed = make_command(CommandType::Update, domain::ObjectId::generate(), domain::version_now());
  const auto fine = make_command(CommandType::Update, domain::ObjectId::generate(), domain::version_now());
  publish_all(topics, {doomed, fine});

  AppliedLog applied;
  std::atomic<int> attempts{0};
  CommandConsumer consumer(topics.options(), each([&](const auto& command, Deadline) {
    if (command.product.id == doomed.product.id) {
      ++attempts;
      throw domain::Error::internal("constraint violated");
    }
    applied.add(command);
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return applied.size() == 1 && consumer.counters().dead_lettered == 1; }, 30s));
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(consumer.counters().retried, 2u);
  consumer.stop(Deadline::after(10s));

  Consumer reader(test_consumer_config(unique_name("it-dlq-reader")), {[](auto&) {}, [](auto&, bool) {}});
  reader.subscribe({topics.dead_letter_topic()});
  const auto letters = poll_records(reader, 1, 20s);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].key, doomed.product.id.hex());
  EXPECT_EQ(*letters[0].header(DeadLetterPublisher::kAttemptsHeader), "3");
  EXPECT_EQ(*letters[0].header(DeadLetterPublisher::kErrorHeader), "constraint violated");
}

TEST(CommandConsumerTest, TransientFailuresAreRetriedUntilTheyPassWithoutDeadLettersLossOrReordering) {
  ConsumerTopics topics;
  const auto commands = update_rounds(5, 6);
  publish_all(topics, commands);

  AppliedLog applied;
  const auto outage_ends = std::chrono::steady_clock::now() + 10s;
  CommandConsumer consumer(topics.options(), each([&](const auto& command, Deadline) {
    if (std::chrono::steady_clock::now() < outage_ends) throw domain::Error::unavailable("store is down");
    applied.add(command);
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return applied.size() == commands.size(); }, 40s)) << applied.size();
  consumer.stop(Deadline::after(10s));

  EXPECT_EQ(consumer.counters().dead_lettered, 0u);
  EXPECT_GT(consumer.counters().retried, 0u);
  EXPECT_EQ(consumer.counters().processed, commands.size());
  // Nothing lost, nothing applied twice, and each product's commands in the order of issue.
  EXPECT_EQ(sorted(applied.entries()), sorted(entries_of(commands)));
  for (const auto& [id, versions] : applied.versions_by_product()) {
    EXPECT_TRUE(std::is_sorted(versions.begin(), versions.end())) << id;
  }
}

// A command whose apply keeps running out of time gets a longer deadline at each attempt (up to
// the cap), so that an apply that is merely slow can finish.
TEST(CommandConsumerTest, RetriesAfterATimeOutGetLongerDeadlinesUpToTheCap) {
  ConsumerTopics topics;
  const auto slow = make_command(CommandType::Update, domain::ObjectId::generate(), domain::version_now());
  publish_all(topics, {slow});

  std::mutex mutex;
  std::vector<std::chrono::milliseconds> budgets;
  auto options = topics.options();
  options.retry.timeout = 1s;
  options.retry.timeout_per_command = 0ms;
  options.retry.max_timeout = 4s;
  CommandConsumer consumer(options, each([&](const auto&, Deadline deadline) {
    std::lock_guard lock(mutex);
    budgets.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(deadline.remaining()));
    if (budgets.size() < 5) throw domain::Error::deadline_exceeded("mongodb update: deadline exceeded");
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return consumer.counters().processed == 1; }, 30s));
  consumer.stop(Deadline::after(10s));

  std::lock_guard lock(mutex);
  ASSERT_EQ(budgets.size(), 5u);
  const std::chrono::milliseconds expected[] = {1s, 2s, 4s, 4s, 4s};
  for (std::size_t i = 0; i < budgets.size(); ++i) {
    // What the handler saw is a little less than what it was given.
    EXPECT_LE(budgets[i], expected[i]) << "attempt " << i + 1;
    EXPECT_GT(budgets[i], expected[i] - 500ms) << "attempt " << i + 1;
  }
  EXPECT_EQ(consumer.counters().retried, 4u);
  EXPECT_EQ(consumer.counters().dead_lettered, 0u);
}

// A bulk write can fail as a whole because one of its commands cannot be applied in time; the
// other commands of that batch must not wait for that one.
TEST(CommandConsumerTest, ACommandThatAlwaysTimesOutDoesNotHoldUpTheOthersOfItsBatch) {
  ConsumerTopics topics;
  std::vector<domain::ProductCommand> commands;
  for (int i = 0; i < 20; ++i) {
    commands.push_back(make_command(CommandType::Update, domain::ObjectId::generate(), domain::version_now()));
  }
  const auto stuck = commands[5].product.id;
  publish_all(topics, commands);

  AppliedLog applied;
  CommandConsumer* self = nullptr;  // set before it starts, so before its workers read it
  CommandConsumer consumer(topics.options(), [&](std::span<const domain::ProductCommand> batch, Deadline) {
    // The first calls wait for every record, so that most of them share a batch with the stuck one.
    wait_until(
        [&] {
          const auto& counters = self->counters();
          return counters.in_flight + static_cast<std::int64_t>(counters.processed) >=
                 static_cast<std::int64_t>(commands.size());
        },
        30s);
    const auto failing =
        std::make_exception_ptr(domain::Error::deadline_exceeded("mongodb bulk write: deadline exceeded"));
    for (const auto& command : batch) {
      if (command.product.id == stuck) return std::vector<std::exception_ptr>(batch.size(), failing);
    }
    for (const auto& command : batch) applied.add(command);
    return std::vector<std::exception_ptr>(batch.size());
  });
  self = &consumer;
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return applied.size() == commands.size() - 1; }, 30s)) << applied.size();
  EXPECT_GT(consumer.counters().retried, 0u);
  EXPECT_EQ(consumer.counters().dead_lettered, 0u);
  for (const auto& [id, type, version] : applied.entries()) EXPECT_NE(id, stuck.hex());
  consumer.stop(Deadline::after(10s));
}

// A retry waiting out a long backoff gives up as soon as its partition is: stop() does not wait
// for the backoff, and the record stays uncommitted for the next owner.
TEST(CommandConsumerTest, StopCutsALongBackoffShortAndLeavesTheRecordUncommitted) {
  ConsumerTopics topics;
  const CommandCodec codec(topics.command_topics());
  auto record = codec.encode(make_command(CommandType::Update, domain::ObjectId::generate(), domain::version_now()));
  record.partition = 0;
  send_all({record});

  auto options = topics.options();
  options.retry.initial = 10min;
  options.retry.max = 10min;
  CommandConsumer consumer(options, each([](const auto&, Deadline) -> void {
    throw domain::Error::unavailable("store is down");
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return consumer.counters().retried == 1; }, 30s));
  const auto stopping = std::chrono::steady_clock::now();
  consumer.stop(Deadline::after(10s));
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 60s);
  EXPECT_EQ(consumer.counters().processed, 0u);
  EXPECT_EQ(consumer.counters().in_flight, 0);

  const adapters::kafka::TopicPartition source{record.topic, 0};
  Consumer group_member(test_consumer_config(options.group_id), {[](auto&) {}, [](auto&, bool) {}});
  const auto committed = group_member.committed({source}, Deadline::after(10s));
  EXPECT_TRUE(committed.count(source) == 0 || committed.at(source) == 0);
}

// Stopping holds up no other member, so the records already fetched are applied before the last
// commit: the next member of the group starts after them and applies none of them again.
TEST(CommandConsumerTest, StopAppliesWhatWasFetchedAndTheNextMemberAppliesNothingAgain) {
  ConsumerTopics topics;
  // One product: one partition, one key, so all but the first wait their turn when stop() comes.
  std::vector<domain::ProductCommand> commands;
  const auto id = domain::ObjectId::generate();
  const auto base = domain::version_now();
  for (int i = 0; i < 10; ++i) commands.push_back(make_command(CommandType::Update, id, base + i));
  publish_all(topics, commands);

  const auto options = topics.options();
  AppliedLog applied;
  CommandConsumer first(options, each([&](const auto& command, Deadline) {
    std::this_thread::sleep_for(50ms);  // some work, so that the stop comes while most are queued
    applied.add(command);
  }));
  first.start();
  ASSERT_TRUE(wait_until([&] { return first.counters().in_flight == 10; }, 30s)) << first.counters().in_flight;
  first.stop(Deadline::after(30s));
  EXPECT_EQ(applied.entries(), entries_of(commands));

  std::vector<adapters::kafka::TopicPartition> partitions;
  for (int p = 0; p < 3; ++p) partitions.push_back({options.topics.update, p});
  Consumer group_member(test_consumer_config(options.group_id), {[](auto&) {}, [](auto&, bool) {}});
  std::int64_t committed = 0;
  for (const auto& [partition, offset] : group_member.committed(partitions, Deadline::after(10s))) committed += offset;
  EXPECT_EQ(committed, 10);

  AppliedLog again;
  CommandConsumer second(options, each([&](const auto& command, Deadline) { again.add(command); }));
  second.start();
  ASSERT_TRUE(wait_until([&] { return second.assigned_partitions() == 9; }, 30s));
  ASSERT_TRUE(polled_again(second, 20));
  EXPECT_EQ(again.size(), 0u);
  second.stop(Deadline::after(10s));
}

TEST(CommandConsumerTest, ReplayFromTheStartWithAFreshGroupAppliesTheSameCommandsAgain) {
  ConsumerTopics topics;
  std::vector<domain::ProductCommand> commands;
  const auto base = domain::version_now();
  for (int i = 0; i < 10; ++i) {
    const auto id = domain::ObjectId::generate();
    commands.push_back(make_command(CommandType::Create, id, base + i));
    commands.push_back(make_command(CommandType::Update, id, base + 100 + i));
    if (i % 3 == 0) commands.push_back(make_command(CommandType::Delete, id, base + 200 + i));
  }
  publish_all(topics, commands);

  for (int run = 0; run < 2; ++run) {
    AppliedLog applied;
    auto options = topics.options();
    // A tight bound, so that pausing and resuming partitions is part of the run.
    options.max_in_flight_per_partition = 2;
    CommandConsumer consumer(options, each([&](const auto& command, Deadline) { applied.add(command); }));
    consumer.start();
    ASSERT_TRUE(wait_until([&] { return applied.size() == commands.size(); }, 30s)) << applied.size();
    consumer.stop(Deadline::after(10s));
    EXPECT_EQ(sorted(applied.entries()), sorted(entries_of(commands))) << "run " << run;
  }
}

TEST(CommandConsumerTest, SlowHandlerPausesThePartitionInsteadOfBufferingWithoutBound) {
  ConsumerTopics topics;
  // One product: one partition, one key, strictly one at a time.
  std::vector<domain::ProductCommand> commands;
  const auto id = domain::ObjectId::generate();
  const auto base = domain::version_now();
  for (int i = 0; i < 60; ++i) commands.push_back(make_command(CommandType::Update, id, base + i));
  publish_all(topics, commands);

  Gate gate;
  AppliedLog applied;
  auto options = topics.options();
  options.max_in_flight_per_partition = 5;
  CommandConsumer consumer(options, each([&](const auto& command, Deadline) {
    gate.pass();
    applied.add(command);
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return consumer.counters().in_flight == 5 && consumer.counters().paused == 1; }, 20s));
  // Polling goes on while paused; nothing more may be taken in.
  ASSERT_TRUE(polled_again(consumer, 10));
  EXPECT_EQ(consumer.counters().in_flight, 5);
  gate.open();
  ASSERT_TRUE(wait_until([&] { return applied.size() == commands.size(); }, 30s)) << applied.size();
  consumer.stop(Deadline::after(10s));
  EXPECT_EQ(applied.entries(), entries_of(commands));
}

TEST(CommandConsumerTest, OneStuckKeyPausesThePartitionOnceTheUncommittedSpanIsFull) {
  ConsumerTopics topics;
  const CommandCodec codec(topics.command_topics());
  const auto base = domain::version_now();
  const auto stuck = make_command(CommandType::Update, domain::ObjectId::generate(), base);
  std::vector<domain::ProductCommand> others;
  for (int i = 0; i < 60; ++i) {
    others.push_back(make_command(CommandType::Update, domain::ObjectId::generate(), base + 1 + i));
  }
  // All in one partition, the stuck one first.
  std::vector<Record> records{codec.encode(stuck)};
  for (const auto& command : others) records.push_back(codec.encode(command));
  for (auto& record : records) record.partition = 0;
  send_all(records);

  Gate gate;
  AppliedLog applied;
  auto options = topics.options();
  options.max_uncommitted_per_partition = 20;
  // One record per handler call, so that the stuck one holds up no record of another key.
  options.batch_max = 1;
  CommandConsumer consumer(options, each([&](const auto& command, Deadline) {
    if (command.product.id == stuck.product.id) gate.pass();
    applied.add(command);
  }));
  consumer.start();
  ASSERT_TRUE(wait_until([&] { return applied.size() == 19 && consumer.counters().paused == 1; }, 20s))
      << applied.size();
  // The other keys are not held up by the stuck one, but the partition stops at the bound.
  ASSERT_TRUE(polled_again(consumer, 10));
  EXPECT_EQ(applied.size(), 19u);
  gate.open();
  ASSERT_TRUE(wait_until([&] { return applied.size() == records.size(); }, 30s)) << applied.size();
  consumer.stop(Deadline::after(10s));
  auto all = others;
  all.push_back(stuck);
  EXPECT_EQ(sorted(applied.entries()), sorted(entries_of(all)));
}

TEST(CommandConsumerTest, TwoConsumersShareThePartitionsAndStoppingOneLosesNothing) {
  ConsumerTopics topics;
  const auto options = topics.options();
  std::mutex mutex;
  std::set<AppliedLog::Entry> seen;
  std::atomic<int> applied{0};
  auto handler = [&](const domain::ProductCommand& command, Deadline) {
    std::this_thread::sleep_for(20ms);  // some work, so that some is in flight when one member stops
    std::lock_guard lock(mutex);
    seen.emplace(command.product.id.hex(), command.type, command.version);
    ++applied;
  };
  CommandConsumer first(options, each(handler));
  CommandConsumer second(options, each(handler));
  first.start();
  second.start();
  // Each of the three topics has three partitions.
  ASSERT_TRUE(wait_until(
      [&] {
        return first.assigned_partitions() > 0 && second.assigned_partitions() > 0 &&
               first.assigned_partitions() + second.assigned_partitions() == 9;
      },
      30s));

  // Half now and half once the first member has gone: a stopping member applies what it has
  // fetched, so only records written after it left are sure to be the survivor's to take over.
  const auto commands = update_rounds(30, 20);
  const auto half = commands.begin() + static_cast<std::ptrdiff_t>(commands.size() / 2);
  publish_all(topics, {commands.begin(), half});
  // Both at work.
  ASSERT_TRUE(wait_until(
      [&] { return first.counters().processed > 0 && second.counters().processed > 0 && applied > 60; }, 30s));
  first.stop(Deadline::after(10s));
  // The survivor takes over the partitions the first one left, and what arrives in them.
  ASSERT_TRUE(wait_until([&] { return second.assigned_partitions() == 9; }, 30s));
  publish_all(topics, {half, commands.end()});
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return seen.size() == commands.size();
      },
      60s));
  second.stop(Deadline::after(10s));

  const auto expected = entries_of(commands);
  std::lock_guard lock(mutex);
  EXPECT_EQ(std::vector<AppliedLog::Entry>(seen.begin(), seen.end()), sorted(expected));
  EXPECT_EQ(first.counters().dead_lettered + second.counters().dead_lettered, 0u);
  EXPECT_GE(first.counters().processed + second.counters().processed, commands.size());
}

}  // namespace
}  // namespace products::testing
