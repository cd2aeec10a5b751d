// The consumer applying commands through the real use case and the MongoDB repository: what
// SPEC §5 promises about idempotency and order, end to end from the topics to the documents.
#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "adapters/kafka/command_consumer.hpp"
#include "adapters/mongo/mongo_product_repository.hpp"
#include "integration/consumer/consumer_fixtures.hpp"
#include "adapters/kafka/command_codec.hpp"
#include "integration/mongo/mongo_fixture.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "support/fakes/flaky_write_repository.hpp"
#include "usecase/product_service.hpp"

namespace products::testing {
namespace {

using adapters::kafka::CommandCodec;
using adapters::kafka::CommandConsumer;
using adapters::kafka::Consumer;
using adapters::kafka::Record;
using adapters::kafka::TopicPartition;
using domain::CommandType;
using domain::Deadline;
using domain::ObjectId;
using domain::Product;

// The consumer's workers call the cache concurrently; a cache that keeps nothing is all these
// tests need from it.
class NoCache : public usecase::ProductCache {
 public:
  std::optional<Product> get(const ObjectId&, Deadline) override { return std::nullopt; }
  void put(const Product&, Deadline) override {}
  void invalidate(const ObjectId&, Deadline) override {}
  void invalidate_all(Deadline) override {}
};

class ConsumerMongoTest : public adapters::mongo::MongoFixture {
 protected:
  void SetUp() override {
    MongoFixture::SetUp();
    repository_ = std::make_unique<adapters::mongo::MongoProductRepository>(*pool_);
    service_ = std::make_unique<usecase::ProductService>(*repository_, cache_, publisher_, observer_, idempotency_);
  }

  std::unique_ptr<CommandConsumer> start_consumer(const std::string& group = unique_name("it-cmd-group")) {
    auto consumer = std::make_unique<CommandConsumer>(topics_.options(group), apply_batches(*service_));
    consumer->start();
    return consumer;
  }

  // The handler of the service: every call one apply_batch.
  static CommandConsumer::Handler apply_batches(usecase::ProductService& service) {
    return [&service](std::span<const domain::ProductCommand> commands, Deadline deadline) {
      std::vector<std::exception_ptr> errors;
      for (const auto& outcome : service.apply_batch(commands, deadline)) errors.push_back(outcome.error);
      return errors;
    };
  }

  // A consumer applying through `repository` (over the test's store) whose first handler calls
  // wait until `backlog` records were taken in (in flight or dead-lettered), so that the rest of
  // them form full batches. The wait does not count against the calls' deadlines.
  std::unique_ptr<CommandConsumer> start_batching_consumer(usecase::ProductRepository& repository,
                                                           std::size_t backlog,
                                                           const std::string& group = unique_name("it-cmd-group")) {
    batch_service_ = std::make_unique<usecase::ProductService>(repository, cache_, publisher_, observer_, idempotency_);
    auto apply = apply_batches(*batch_service_);
    auto consumer = std::make_unique<CommandConsumer>(
        topics_.options(group),
        [this, apply, backlog](std::span<const domain::ProductCommand> commands, Deadline deadline) {
          const auto budget = deadline.remaining();
          const auto& counters = batching_->counters();
          const auto taken_in = [&] {
            return counters.in_flight + static_cast<std::int64_t>(counters.dead_lettered + counters.processed);
          };
          EXPECT_TRUE(wait_until([&] { return taken_in() >= static_cast<std::int64_t>(backlog); }, 30s))
              << taken_in() << " of " << backlog << " records taken in";
          return apply(commands, Deadline::after(budget));
        });
    batching_ = consumer.get();
    consumer->start();
    return consumer;
  }

  // The offsets the consumer's group committed, summed over every partition of the topic.
  std::int64_t committed_in(const std::string& group, const std::string& topic) {
    std::vector<TopicPartition> partitions;
    for (int p = 0; p < 3; ++p) partitions.push_back({topic, p});
    Consumer member(test_consumer_config(group), {[](auto&) {}, [](auto&, bool) {}});
    std::int64_t sum = 0;
    for (const auto& [partition, offset] : member.committed(partitions, soon())) sum += offset;
    return sum;
  }

  std::optional<Product> stored(const ObjectId& id) { return repository_->find_by_id(id, soon()); }

  // The documents of these products as they are now (nullopt: absent or deleted).
  std::map<ObjectId, std::optional<Product>> snapshot(const std::vector<domain::ProductCommand>& commands) {
    std::map<ObjectId, std::optional<Product>> out;
    for (const auto& command : commands) out[command.product.id] = stored(command.product.id);
    return out;
  }

  // What the order of issue implies: the newest create/update of each product unless a newer
  // delete came after it. The stored createdAt is the earliest any write carried.
  static std::map<ObjectId, std::optional<Product>> expected(const std::vector<domain::ProductCommand>& commands) {
    std::map<ObjectId, const domain::ProductCommand*> newest;
    for (const auto& command : commands) {
      auto& slot = newest[command.product.id];
      if (!slot || command.version > slot->version) slot = &command;
    }
    std::map<ObjectId, std::optional<Product>> out;
    for (const auto& [id, command] : newest) {
      out[id] = command->type == CommandType::Delete ? std::nullopt : std::optional<Product>(command->product);
    }
    return out;
  }

  ConsumerTopics topics_;
  NoCache cache_;
  FakeCommandPublisher publisher_;
  usecase::CacheObserver observer_;
  testing::FakeIdempotencyStore idempotency_;
  std::unique_ptr<adapters::mongo::MongoProductRepository> repository_;
  std::unique_ptr<usecase::ProductService> service_;
  std::unique_ptr<usecase::ProductService> batch_service_;
  CommandConsumer* batching_ = nullptr;  // set before it starts, so before its workers read it
};

std::vector<domain::ProductCommand> creates(int count) {
  std::vector<domain::ProductCommand> commands;
  const auto base = domain::version_now();
  for (int i = 0; i < count; ++i) {
    const auto name = "Created " + std::to_string(i);
    commands.push_back(make_command(CommandType::Create, ObjectId::generate(), base + i, name));
  }
  return commands;
}

// Creates, updates and some deletes of `count` products, in order of issue.
std::vector<domain::ProductCommand> lifecycle_commands(int count) {
  std::vector<domain::ProductCommand> commands;
  const auto base = domain::version_now();
  for (int i = 0; i < count; ++i) {
    const auto id = ObjectId::generate();
    commands.push_back(make_command(CommandType::Create, id, base + i, "Created " + std::to_string(i)));
    commands.push_back(make_command(CommandType::Update, id, base + 1000 + i, "Updated " + std::to_string(i)));
    if (i % 4 == 0) commands.push_back(make_command(CommandType::Delete, id, base + 2000 + i));
  }
  return commands;
}

TEST_F(ConsumerMongoTest, ReplayingEverythingWithAFreshGroupLeavesTheSameDocuments) {
  const auto commands = lifecycle_commands(12);
  publish_all(topics_, commands);

  auto first = start_consumer();
  ASSERT_TRUE(wait_until([&] { return first->counters().processed == commands.size(); }, 60s));
  first->stop(soon());
  const auto after_first = snapshot(commands);
  EXPECT_EQ(after_first, expected(commands));

  auto replay = start_consumer();
  ASSERT_TRUE(wait_until([&] { return replay->counters().processed == commands.size(); }, 60s));
  replay->stop(soon());
  EXPECT_EQ(snapshot(commands), after_first);
}

TEST_F(ConsumerMongoTest, LateCreateAfterDeleteStaysDeletedAndOlderUpdateAfterNewerIsIgnored) {
  const auto base = domain::version_now();
  const auto deleted = ObjectId::generate();
  const auto updated = ObjectId::generate();
  const auto newer = make_command(CommandType::Update, updated, base + 20, "Newer name");
  publish_all(topics_, {make_command(CommandType::Delete, deleted, base + 10), newer});

  auto consumer = start_consumer();
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == 2; }, 30s));
  // Now the stragglers, issued earlier but arriving later.
  publish_all(topics_, {make_command(CommandType::Create, deleted, base + 1),
                        make_command(CommandType::Update, deleted, base + 5),
                        make_command(CommandType::Update, updated, base + 15, "Older name")});
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == 5; }, 30s));
  consumer->stop(soon());

  EXPECT_EQ(stored(deleted), std::nullopt);
  const auto product = stored(updated);
  ASSERT_TRUE(product.has_value());
  EXPECT_EQ(product->fields.name, "Newer name");
  EXPECT_EQ(consumer->counters().dead_lettered, 0u);
}

TEST_F(ConsumerMongoTest, MongoOutageMidStreamLosesNothingAndDeadLettersNothing) {
  const auto before = lifecycle_commands(8);
  const auto during = lifecycle_commands(8);
  publish_all(topics_, before);
  auto consumer = start_consumer();
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == before.size(); }, 30s));

  ASSERT_EQ(stack_command("stop-component mongo"), 0);
  publish_all(topics_, during);
  // The outage lasts until the consumer has failed and backed off five times, several rounds for
  // the keys that were waiting.
  ASSERT_TRUE(wait_until([&] { return consumer->counters().retried >= 5; }, 60s))
      << consumer->counters().retried << " retries";
  ASSERT_EQ(stack_command("start-component mongo"), 0);

  const auto total = before.size() + during.size();
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == total; }, 60s))
      << consumer->counters().processed << " of " << total;
  consumer->stop(soon());
  EXPECT_EQ(consumer->counters().dead_lettered, 0u);
  auto all = before;
  all.insert(all.end(), during.begin(), during.end());
  EXPECT_EQ(snapshot(all), expected(all));
}

TEST_F(ConsumerMongoTest, HundredsOfCreatesAreWrittenInBatches) {
  const auto commands = creates(300);
  publish_all(topics_, commands);

  FlakyWriteRepository recorded(*repository_);
  auto consumer = start_batching_consumer(recorded, commands.size());
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == commands.size(); }, 180s))
      << consumer->counters().processed;
  consumer->stop(soon());

  EXPECT_EQ(snapshot(commands), expected(commands));
  EXPECT_EQ(consumer->counters().dead_lettered, 0u);
  // Far fewer round trips than commands, even with a slow store whose batches time out in part
  // and are retried.
  const auto batches = recorded.batches();
  std::size_t largest = 0;
  for (const auto& batch : batches) largest = std::max(largest, batch.size());
  EXPECT_LE(batches.size(), commands.size() / 10);
  EXPECT_GE(largest, commands.size() / 10);
}

// One product's creates, updates and deletes arrive on three topics, in any order and often in
// one batch; the versions decide, as they do one command at a time.
TEST_F(ConsumerMongoTest, WritesOfOneProductAcrossTheThreeTopicsConvergeInBatches) {
  std::vector<domain::ProductCommand> commands;
  const auto base = domain::version_now();
  for (int i = 0; i < 60; ++i) {
    const auto id = ObjectId::generate();
    const auto n = std::to_string(i);
    // Issued out of order on purpose: an older update after a newer one, a create after its update.
    commands.push_back(make_command(CommandType::Update, id, base + 3000 + i, "Updated twice " + n));
    commands.push_back(make_command(CommandType::Create, id, base + i, "Created " + n));
    commands.push_back(make_command(CommandType::Update, id, base + 2000 + i, "Updated once " + n));
    if (i % 3 == 0) commands.push_back(make_command(CommandType::Delete, id, base + 4000 + i));
    if (i % 3 == 1) commands.push_back(make_command(CommandType::Delete, id, base + 1000 + i));
  }
  publish_all(topics_, commands);

  auto consumer = start_batching_consumer(*repository_, commands.size());
  ASSERT_TRUE(wait_until([&] { return consumer->counters().processed == commands.size(); }, 180s))
      << consumer->counters().processed;
  consumer->stop(soon());
  EXPECT_EQ(consumer->counters().dead_lettered, 0u);
  const auto now = snapshot(commands);
  // A delete issued before the newest update still wins: deleted products stay deleted.
  for (const auto& command : commands) {
    if (command.type == CommandType::Delete) {
      EXPECT_EQ(now.at(command.product.id), std::nullopt);
    }
  }
  std::size_t live = 0;
  for (const auto& [id, product] : now) {
    if (!product) continue;
    ++live;
    EXPECT_TRUE(product->fields.name.starts_with("Updated twice ")) << product->fields.name;
  }
  EXPECT_EQ(live, 20u);
}

TEST_F(ConsumerMongoTest, APoisonRecordInTheMiddleOfABatchIsDeadLetteredAndTheRestApplyAndCommit) {
  const CommandCodec codec(topics_.command_topics());
  const auto before = creates(20);
  const auto after = creates(20);
  std::vector<Record> records;
  for (const auto& command : before) records.push_back(codec.encode(command));
  auto poison = codec.encode(make_command(CommandType::Create, ObjectId::generate(), domain::version_now()));
  poison.value = "{ not json";
  records.push_back(poison);
  for (const auto& command : after) records.push_back(codec.encode(command));
  // All in one partition, so that its commits must pass over the poison record.
  for (auto& record : records) record.partition = 0;
  send_all(records);

  const auto group = unique_name("it-cmd-group");
  auto consumer = start_batching_consumer(*repository_, records.size(), group);
  ASSERT_TRUE(wait_until(
      [&] { return consumer->counters().processed == 40 && consumer->counters().dead_lettered == 1; }, 180s))
      << consumer->counters().processed;
  consumer->stop(soon());

  auto all = before;
  all.insert(all.end(), after.begin(), after.end());
  EXPECT_EQ(snapshot(all), expected(all));
  // Committed past the poison record and everything after it.
  EXPECT_EQ(committed_in(group, topics_.command_topics().create), static_cast<std::int64_t>(records.size()));
}

// One write of a batch fails: only its record is retried, with its own attempts (transient: until
// it passes; permanent: max_attempts, then the dead-letter topic), while the others are done at
// once, and every offset is committed in the end.
TEST_F(ConsumerMongoTest, AFailedWriteInABatchIsRetriedForItsRecordAlone) {
  const auto commands = creates(30);
  publish_all(topics_, commands);
  const auto& flaky = commands[7].product.id;
  const auto& doomed = commands[19].product.id;
  FlakyWriteRepository repository(*repository_);
  repository.fail(flaky, domain::Error::unavailable("mongodb insert: unavailable"), 2);
  repository.fail(doomed, domain::Error::internal("mongodb insert failed"), 100);

  const auto group = unique_name("it-cmd-group");
  auto consumer = start_batching_consumer(repository, commands.size(), group);
  ASSERT_TRUE(wait_until(
      [&] { return consumer->counters().processed == 29 && consumer->counters().dead_lettered == 1; }, 180s))
      << consumer->counters().processed;
  consumer->stop(soon());
  EXPECT_EQ(committed_in(group, topics_.command_topics().create), static_cast<std::int64_t>(commands.size()));

  EXPECT_EQ(repository.attempts(flaky), 3);
  EXPECT_EQ(repository.attempts(doomed), 3);
  for (const auto& command : commands) {
    const auto& id = command.product.id;
    if (id != flaky && id != doomed) {
      EXPECT_EQ(repository.attempts(id), 1) << id.hex();
    }
  }
  EXPECT_EQ(consumer->counters().retried, 4u);
  auto applied = commands;
  applied.erase(applied.begin() + 19);
  EXPECT_EQ(snapshot(applied), expected(applied));
  EXPECT_EQ(stored(doomed), std::nullopt);
}

}  // namespace
}  // namespace products::testing
