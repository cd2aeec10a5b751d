#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <span>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/kafka/command_consumer.hpp"
#include "adapters/kafka/kafka_command_publisher.hpp"
#include "integration/kafka/kafka_fixtures.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::testing {

using namespace std::chrono_literals;

// Command and dead-letter topics of one test, and consumer options that use them with a group of
// the test's own. Retries and commits are quicker than in production so that tests stay short.
class ConsumerTopics {
 public:
  ConsumerTopics() : topics_({"it-cmd-create", "it-cmd-update", "it-cmd-delete", "it-cmd-dlq"}) {}

  adapters::kafka::CommandTopics command_topics() const { return {topics_[0], topics_[1], topics_[2]}; }
  const std::string& dead_letter_topic() const { return topics_[3]; }

  adapters::kafka::ConsumerOptions options(const std::string& group = unique_name("it-cmd-group")) const {
    adapters::kafka::ConsumerOptions options;
    options.brokers = kafka_brokers();
    options.group_id = group;
    options.topics = command_topics();
    options.dead_letter_topic = dead_letter_topic();
    options.retry.max = 1s;
    options.commit_interval = 200ms;
    options.revoke_timeout = 5s;
    options.retry.timeout = 5s;
    return options;
  }

  adapters::kafka::PublisherOptions publisher_options() const {
    adapters::kafka::PublisherOptions options;
    options.brokers = kafka_brokers();
    options.topics = command_topics();
    return options;
  }

 private:
  ScratchTopics topics_;
};

// What a handler applied, in order, from any number of worker threads.
class AppliedLog {
 public:
  using Entry = std::tuple<std::string, domain::CommandType, std::int64_t>;  // product id, type, version

  void add(const domain::ProductCommand& command) {
    std::lock_guard lock(mutex_);
    entries_.emplace_back(command.product.id.hex(), command.type, command.version);
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  std::vector<Entry> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }
  // Versions applied per product, in the order they were applied.
  std::map<std::string, std::vector<std::int64_t>> versions_by_product() const {
    std::map<std::string, std::vector<std::int64_t>> out;
    for (const auto& [id, type, version] : entries()) out[id].push_back(version);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// Holds handler calls until the test opens it; at most a minute, so that a failing test cannot
// leave a consumer waiting forever for its handler.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mutex_);
    opened_.wait_for(lock, 60s, [this] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

// A consumer handler that applies the commands of a call one after the other with `apply`; a
// command whose apply throws fails alone.
template <typename Apply>
adapters::kafka::CommandConsumer::Handler each(Apply apply) {
  return [apply](std::span<const domain::ProductCommand> commands, domain::Deadline deadline) {
    std::vector<std::exception_ptr> errors(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
      try {
        apply(commands[i], deadline);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
    return errors;
  };
}

inline domain::ProductCommand make_command(domain::CommandType type, const domain::ObjectId& id, std::int64_t version,
                                           const std::string& name = "Espresso cup") {
  domain::ProductCommand command;
  command.type = type;
  command.version = version;
  command.product = sample_product(id.hex(), name);
  if (type == domain::CommandType::Delete) command.product = domain::Product{id, {}, {}, {}};
  return command;
}

// `rounds` updates of each of `products` products, round by round, versions increasing per product.
inline std::vector<domain::ProductCommand> update_rounds(std::size_t products, int rounds) {
  std::vector<domain::ObjectId> ids;
  for (std::size_t i = 0; i < products; ++i) ids.push_back(domain::ObjectId::generate());
  const auto base = domain::version_now();
  std::vector<domain::ProductCommand> commands;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      commands.push_back(make_command(domain::CommandType::Update, ids[i],
                                      base + round * 1000 + static_cast<std::int64_t>(i),
                                      "Name " + std::to_string(round)));
    }
  }
  return commands;
}

// Publishes in order and waits until the broker acknowledged every command.
inline void publish_all(const ConsumerTopics& topics, const std::vector<domain::ProductCommand>& commands) {
  adapters::kafka::KafkaCommandPublisher publisher(topics.publisher_options());
  std::atomic<std::size_t> acknowledged{0};
  std::atomic<std::size_t> failed{0};
  for (const auto& command : commands) {
    publisher.publish(command, domain::Deadline::after(20s), [&](std::exception_ptr error) {
      ++(error ? failed : acknowledged);
    });
  }
  ASSERT_TRUE(wait_until([&] { return acknowledged + failed == commands.size(); }, 30s));
  ASSERT_EQ(failed, 0u);
}

inline std::vector<AppliedLog::Entry> entries_of(const std::vector<domain::ProductCommand>& commands) {
  std::vector<AppliedLog::Entry> out;
  for (const auto& command : commands) out.emplace_back(command.product.id.hex(), command.type, command.version);
  return out;
}

}  // namespace products::testing
