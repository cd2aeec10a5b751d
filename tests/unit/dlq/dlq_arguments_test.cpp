#include "dlq/dlq_arguments.hpp"

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace products::tools::dlq {
namespace {

class DlqArgumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("KAFKA_BROKERS");
    ::unsetenv("KAFKA_DEAD_LETTER_TOPIC");
  }

  std::variant<DlqOptions, int> parse(std::vector<std::string> args) {
    args.insert(args.begin(), "products-dlq");
    std::vector<const char*> argv;
    for (const auto& arg : args) argv.push_back(arg.c_str());
    out_.str("");
    err_.str("");
    return DlqArguments::parse(static_cast<int>(argv.size()), argv.data(), out_, err_);
  }

  DlqOptions options(std::vector<std::string> args) {
    auto parsed = parse(std::move(args));
    EXPECT_TRUE(std::holds_alternative<DlqOptions>(parsed)) << err_.str();
    return std::holds_alternative<DlqOptions>(parsed) ? std::get<DlqOptions>(parsed) : DlqOptions{};
  }

  // The exit code of a command line that does not run, and what it printed to stderr.
  int exit_code(std::vector<std::string> args) {
    auto parsed = parse(std::move(args));
    EXPECT_TRUE(std::holds_alternative<int>(parsed));
    return std::holds_alternative<int>(parsed) ? std::get<int>(parsed) : -1;
  }

  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DlqArgumentsTest, ListWithDefaults) {
  const auto o = options({"list"});
  EXPECT_EQ(o.command, DlqOptions::Command::List);
  EXPECT_EQ(o.brokers, "127.0.0.1:9092");
  EXPECT_EQ(o.dead_letter_topic, "dead-letter-queue");
  EXPECT_EQ(o.timeout, std::chrono::seconds(30));
  EXPECT_FALSE(o.json);
  EXPECT_FALSE(o.filter.key || o.filter.original_topic || o.filter.error || o.filter.since_ms || o.filter.until_ms);
}

TEST_F(DlqArgumentsTest, BrokersAndTopicComeFromTheEnvironmentUnlessGiven) {
  ::setenv("KAFKA_BROKERS", "kafka:9092", 1);
  ::setenv("KAFKA_DEAD_LETTER_TOPIC", "my-dlq", 1);
  const auto from_env = options({"list"});
  EXPECT_EQ(from_env.brokers, "kafka:9092");
  EXPECT_EQ(from_env.dead_letter_topic, "my-dlq");
  const auto given = options({"--brokers", "b:1", "list", "--dlq-topic", "other"});
  EXPECT_EQ(given.brokers, "b:1");
  EXPECT_EQ(given.dead_letter_topic, "other") << "general options may follow the subcommand";
}

TEST_F(DlqArgumentsTest, ListFilters) {
  const auto o = options({"list", "--key", "k", "--topic", "create-product", "--error", "price", "--since",
                          "2023-11-14T22:13:20Z", "--until", "1700000001000", "--json", "--timeout", "5"});
  EXPECT_EQ(o.filter.key, "k");
  EXPECT_EQ(o.filter.original_topic, "create-product");
  EXPECT_EQ(o.filter.error, "price");
  EXPECT_EQ(o.filter.since_ms, 1'700'000'000'000);
  EXPECT_EQ(o.filter.until_ms, 1'700'000'001'000);
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.timeout, std::chrono::seconds(5));
}

TEST_F(DlqArgumentsTest, ShowTakesOneAddress) {
  const auto o = options({"show", "2:41"});
  EXPECT_EQ(o.command, DlqOptions::Command::Show);
  EXPECT_EQ(o.address, (DeadLetterAddress{2, 41}));
  EXPECT_EQ(options({"show", "41"}).address, (DeadLetterAddress{std::nullopt, 41}));
}

TEST_F(DlqArgumentsTest, ReplayTakesFiltersOffsetsAndDryRun) {
  const auto o = options({"replay", "--topic", "update-product", "--offset", "0:3", "--offset", "1:4,2:5", "--dry-run"});
  EXPECT_EQ(o.command, DlqOptions::Command::Replay);
  EXPECT_EQ(o.filter.original_topic, "update-product");
  EXPECT_EQ(o.offsets, (std::vector<DeadLetterAddress>{{0, 3}, {1, 4}, {2, 5}}));
  EXPECT_TRUE(o.dry_run);
}

TEST_F(DlqArgumentsTest, HelpExitsZeroAndSaysWhyReplayIsSafe) {
  EXPECT_EQ(exit_code({"--help"}), 0);
  EXPECT_NE(out_.str().find("idempotently"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("replay"), std::string::npos);
}

TEST_F(DlqArgumentsTest, UsageErrorsExitTwoNamingTheProblem) {
  EXPECT_EQ(exit_code({"purge"}), DlqArguments::kUsageError);
  EXPECT_NE(err_.str().find("purge"), std::string::npos) << err_.str();
  EXPECT_EQ(exit_code({}), DlqArguments::kUsageError);
  EXPECT_EQ(exit_code({"list", "--since", "yesterday"}), DlqArguments::kUsageError);
  EXPECT_NE(err_.str().find("yesterday"), std::string::npos) << err_.str();
  EXPECT_EQ(exit_code({"replay", "--offset", "1:x"}), DlqArguments::kUsageError);
  EXPECT_NE(err_.str().find("1:x"), std::string::npos) << err_.str();
  EXPECT_EQ(exit_code({"show"}), DlqArguments::kUsageError);
  EXPECT_EQ(exit_code({"list", "--dry-run"}), DlqArguments::kUsageError) << "replay's flag only";
  EXPECT_EQ(exit_code({"list", "--timeout", "0"}), DlqArguments::kUsageError);
}

}  // namespace
}  // namespace products::tools::dlq
