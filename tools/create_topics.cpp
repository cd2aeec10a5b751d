// Creates the service's topics through the Kafka admin API, idempotently: topics that already
// exist are left as they are. With --delete, deletes them instead (topics already gone are
// fine). Exits non-zero with a message naming the problem.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "adapters/kafka/admin.hpp"
#include "adapters/kafka/command_topics.hpp"

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace products::adapters::kafka;

  const CommandTopics defaults;
  std::string brokers = env_or("KAFKA_BROKERS", "127.0.0.1:9092");
  int partitions = 3;
  int replication_factor = 1;
  std::vector<std::string> topics = defaults.all();
  topics.emplace_back(CommandTopics::kDefaultDeadLetter);
  int timeout_seconds = 30;
  bool remove = false;

  CLI::App app{"Create the products-service Kafka topics (idempotent)"};
  app.add_option("--brokers", brokers, "bootstrap servers (env KAFKA_BROKERS)")->capture_default_str();
  app.add_option("--partitions", partitions, "partitions per topic")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--replication-factor", replication_factor, "replicas per partition (env KAFKA_REPLICATION_FACTOR)")
      ->envname("KAFKA_REPLICATION_FACTOR")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--topics", topics, "topics to create")->delimiter(',')->capture_default_str();
  app.add_option("--timeout", timeout_seconds, "seconds to wait for the cluster")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--delete", remove, "delete the topics instead of creating them");
  CLI11_PARSE(app, argc, argv);

  try {
    Admin admin({{"bootstrap.servers", brokers}});
    const auto deadline = products::domain::Deadline::after(std::chrono::seconds(timeout_seconds));
    if (remove) {
      admin.delete_topics(topics, deadline);
    } else {
      std::vector<TopicSpec> specs;
      for (const auto& name : topics) {
        TopicSpec spec{name, partitions, replication_factor, {}};
        // With three replicas an acknowledged write (acks=all) survives the loss of one broker.
        if (replication_factor >= 3) spec.configs["min.insync.replicas"] = "2";
        specs.push_back(std::move(spec));
      }
      admin.create_topics(specs, deadline);
    }
  } catch (const std::exception& e) {
    std::cerr << "create-topics (" << brokers << "): " << e.what() << '\n';
    return 1;
  }
  for (const auto& name : topics) std::cout << (remove ? "topic deleted: " : "topic ready: ") << name << '\n';
  return 0;
}
