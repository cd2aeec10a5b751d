// Black-box test of products-dlq against the real service: a dead letter is listed, replayed onto
// its original topic and applied once; replaying it again changes nothing, not even after a later
// update of the product.

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/consumer.hpp"
#include "adapters/kafka/dead_letter_publisher.hpp"
#include "adapters/kafka/topic_reader.hpp"
#include "domain/timestamp.hpp"
#include "integration/kafka/kafka_fixtures.hpp"
#include "support/catalog_audit.hpp"
#include "support/command_run.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;
using adapters::kafka::Record;

class DeadLetterReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<ServiceUnderTest>(ServiceNamespace::fresh());
    ASSERT_TRUE(service_->wait_ready());
  }

  void TearDown() override {
    if (service_) {
      EXPECT_TRUE(stops_cleanly(*service_, SIGTERM, 30s));
    }
  }

  // products-dlq on the service's brokers and dead-letter topic.
  CommandRun dlq(const std::vector<std::string>& args) const {
    std::vector<std::string> command = {built_binary("tools/products-dlq"), "--brokers", kafka_brokers(), "--dlq-topic",
                                        service_->names().dead_letter_topic, "--timeout", "20"};
    command.insert(command.end(), args.begin(), args.end());
    return run_command(command);
  }

  // The lines of `list --json` whose key is `key`.
  std::vector<boost::json::object> listed(const std::string& key) const {
    const auto run = dlq({"list", "--json", "--key", key});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<boost::json::object> objects;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) objects.push_back(boost::json::parse(line).as_object());
    return objects;
  }

  // A create command that the service never saw, dead-lettered as the service's consumer writes
  // dead letters (the service's own DeadLetterPublisher), as if it came from the create topic.
  std::string dead_letter_create(const std::string& name) const {
    const auto& names = service_->names();
    domain::ProductCommand command;
    command.type = domain::CommandType::Create;
    command.product.id = domain::ObjectId::generate();
    command.product.fields.category_id = domain::ObjectId::generate();
    command.product.fields.name = name;
    command.product.fields.description = "A command that failed once and is replayed";
    command.product.fields.price = 12.5;
    command.product.created_at = command.product.updated_at = domain::now_ms();
    command.version = domain::version_now();
    auto original =
        adapters::kafka::CommandCodec({names.create_topic, names.update_topic, names.delete_topic}).encode(command);
    original.partition = 0;
    original.offset = 0;
    adapters::kafka::DeadLetterPublisher({{"bootstrap.servers", kafka_brokers()}}, names.dead_letter_topic)
        .publish(original, "mongo write failed: the store refused the write", 3, domain::Deadline::after(20s));
    return command.product.id.hex();
  }

  // Whether the service's consumer group committed past every record now on the create topic:
  // it processed all of them.
  bool processed_all_creates() const {
    const auto& names = service_->names();
    adapters::kafka::TopicReader reader({{"bootstrap.servers", kafka_brokers()}});
    const auto ranges = reader.ranges(names.create_topic, domain::Deadline::after(10s));
    // Reading the group's offsets joins no group.
    adapters::kafka::KafkaConfig config({{"bootstrap.servers", kafka_brokers()}});
    config.set("group.id", names.group);
    adapters::kafka::Consumer group(std::move(config), {[](const auto&) {}, [](const auto&, bool) {}});
    std::vector<adapters::kafka::TopicPartition> partitions;
    for (const auto& range : ranges) partitions.push_back({names.create_topic, range.partition});
    const auto committed = group.committed(partitions, domain::Deadline::after(10s));
    for (const auto& range : ranges) {
      if (range.end == 0) continue;
      const auto it = committed.find({names.create_topic, range.partition});
      if (it == committed.end() || it->second < range.end) return false;
    }
    return true;
  }

  // Replays the dead letters of `key` and waits until the service processed the replay.
  void replay_and_wait(const std::string& key) const {
    const auto run = dlq({"replay", "--key", key});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("replayed 1 of 1"), std::string::npos) << run.out;
    ASSERT_TRUE(wait_until([&] { return processed_all_creates(); }, 30s, 250ms)) << "the replay was not processed";
  }

  std::unique_ptr<ServiceUnderTest> service_;
};

TEST_F(DeadLetterReplayTest, ListNamesWhatTheServiceDeadLettered) {
  // A record the consumer cannot decode: the service dead-letters it at once.
  Record poison;
  poison.topic = service_->names().create_topic;
  poison.key = unique_name("poison");
  poison.value = "{not json";
  send_all({poison});

  std::vector<boost::json::object> found;
  ASSERT_TRUE(wait_until([&] { return !(found = listed(*poison.key)).empty(); }, 30s, 250ms)) << service_->process().log();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].at("originalTopic").as_string(), service_->names().create_topic);
  EXPECT_EQ(found[0].at("attempts").as_int64(), 1);
  EXPECT_FALSE(found[0].at("error").as_string().empty());
  EXPECT_TRUE(found[0].at("timestamp").is_string());
}

TEST_F(DeadLetterReplayTest, ReplayAppliesTheCommandOnceAndReplayingAgainChangesNothingNorUndoesALaterUpdate) {
  const auto client = service_->http();
  const auto word = unique_search_word("replayed");
  const auto id = dead_letter_create("Replayed " + word);
  EXPECT_EQ(client.get(product_path(id)).status, 404) << "a dead letter is not applied";

  const auto entries = listed(id);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("originalTopic").as_string(), service_->names().create_topic);
  EXPECT_EQ(entries[0].at("error").as_string(), "mongo write failed: the store refused the write");

  const auto dry = dlq({"replay", "--key", id, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would replay 1 dead letter(s)"), std::string::npos) << dry.out;

  ASSERT_NO_FATAL_FAILURE(replay_and_wait(id));
  const auto applied = get_until_status(client, id, 200, 30s);
  ASSERT_EQ(applied.status, 200) << service_->process().log();
  const auto stored = json_object(applied.body);
  ASSERT_TRUE(stored);
  EXPECT_EQ(string_member(*stored, "name"), "Replayed " + word);

  ASSERT_NO_FATAL_FAILURE(replay_and_wait(id));
  const auto again = json_object(client.get(product_path(id)).body);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *stored) << "the second replay changed the product";
  EXPECT_EQ(string_member(*again, "updatedAt"), string_member(*stored, "updatedAt"));

  // A later change, then the (older) dead letter once more: the replay must not undo it.
  auto renamed = valid_product_json("Renamed " + word);
  ASSERT_EQ(client.request("PUT", product_path(id), boost::json::serialize(renamed)).status, 202);
  std::optional<boost::json::object> updated;
  ASSERT_TRUE(wait_until(
      [&] {
        updated = json_object(client.get(product_path(id)).body);
        return updated && string_member(*updated, "name") == "Renamed " + word;
      },
      30s, 100ms));
  ASSERT_NO_FATAL_FAILURE(replay_and_wait(id));
  const auto last = json_object(client.get(product_path(id)).body);
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, *updated) << "a replay undid a later change";
  EXPECT_EQ(search_total(client, word), 1) << "one product, no duplicate";
  EXPECT_EQ(listed(id).size(), 1u) << "the replays were not dead-lettered again";
}

TEST_F(DeadLetterReplayTest, ErrorsExitNonZeroNamingTheProblem) {
  const auto unknown = dlq({"purge"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown subcommand 'purge'"), std::string::npos) << unknown.err;

  const auto missing = dlq({"show", "0:999999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no dead letter at 0:999999"), std::string::npos) << missing.err;

  const auto unreachable =
      run_command({built_binary("tools/products-dlq"), "--brokers", "127.0.0.1:1", "--timeout", "2", "list"});
  EXPECT_EQ(unreachable.exit_code, 1);
  EXPECT_NE(unreachable.err.find("no answer from the Kafka brokers 127.0.0.1:1"), std::string::npos) << unreachable.err;
}

}  // namespace
}  // namespace products::testing
