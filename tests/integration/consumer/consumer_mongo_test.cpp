// The consumer applying commands through the real use case and the MongoDB repository: what
// SPEC §5 promises about idempotency and order, end to end from the topics to the documents.
#include <chrono>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "adapters/kafka/command_consumer.hpp"
#include "adapters/mongo/mongo_product_repository.hpp"
#include "integration/consumer/consumer_fixtures.hpp"
#include "integration/mongo/mongo_fixture.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "usecase/product_service.hpp"

namespace products::testing {
namespace {

using adapters::kafka::CommandConsumer;
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
};

class ConsumerMongoTest : public adapters::mongo::MongoFixture {
 protected:
  void SetUp() override {
    MongoFixture::SetUp();
    repository_ = std::make_unique<adapters::mongo::MongoProductRepository>(*pool_);
    service_ = std::make_unique<usecase::ProductService>(*repository_, cache_, publisher_, observer_);
  }

  std::unique_ptr<CommandConsumer> start_consumer(const std::string& group = unique_name("it-cmd-group")) {
    auto consumer = std::make_unique<CommandConsumer>(
        topics_.options(group), [this](const auto& command, Deadline deadline) { service_->apply(command, deadline); });
    consumer->start();
    return consumer;
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
  std::unique_ptr<adapters::mongo::MongoProductRepository> repository_;
  std::unique_ptr<usecase::ProductService> service_;
};

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

}  // namespace
}  // namespace products::testing
