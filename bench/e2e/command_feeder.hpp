#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/kafka/command_codec.hpp"
#include "adapters/kafka/producer.hpp"
#include "domain/deadline.hpp"
#include "domain/product_command.hpp"

namespace products::bench {

// Puts commands on the command topics exactly as the service's publisher does: the project's
// CommandCodec (key, value, headers), an idempotent producer with acks=all and lz4.
class CommandFeeder {
 public:
  explicit CommandFeeder(const std::string& brokers, adapters::kafka::CommandTopics topics);

  // Returns once the brokers acknowledged every command; throws std::runtime_error on a failed
  // delivery or when the deadline passes first.
  void send(const std::vector<domain::ProductCommand>& commands, domain::Deadline deadline);

 private:
  adapters::kafka::CommandCodec codec_;
  std::atomic<std::size_t> failed_{0};
  std::mutex mutex_;
  std::string first_error_;
  adapters::kafka::Producer producer_;
};

}  // namespace products::bench
