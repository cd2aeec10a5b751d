#include "adapters/kafka/dead_letter_publisher.hpp"

#include <future>
#include <memory>

namespace products::adapters::kafka {

DeadLetterPublisher::DeadLetterPublisher(const Properties& properties, std::string topic, ProducerObserver* observer)
    : topic_(std::move(topic)), producer_(properties, "kafka-dlq", observer) {}

Record DeadLetterPublisher::dead_letter(const Record& original, const std::string& topic, std::string_view error,
                                        int attempts) {
  Record record;
  record.topic = topic;
  record.key = original.key;
  record.value = original.value;
  record.headers = original.headers;
  record.headers.push_back({std::string(kTopicHeader), original.topic});
  record.headers.push_back({std::string(kPartitionHeader), std::to_string(original.partition)});
  record.headers.push_back({std::string(kOffsetHeader), std::to_string(original.offset)});
  record.headers.push_back({std::string(kErrorHeader), std::string(error)});
  record.headers.push_back({std::string(kAttemptsHeader), std::to_string(attempts)});
  return record;
}

void DeadLetterPublisher::publish(const Record& original, std::string_view error, int attempts,
                                  domain::Deadline deadline) {
  // Shared, so that the poll thread never touches a promise this thread already left behind.
  auto delivered = std::make_shared<std::promise<void>>();
  auto outcome = delivered->get_future();
  producer_.send(dead_letter(original, topic_, error, attempts), deadline, [delivered](std::exception_ptr failure) {
    if (failure) {
      delivered->set_exception(failure);
    } else {
      delivered->set_value();
    }
  });
  // The producer completes every send by its deadline at the latest, so this wait is bounded.
  outcome.get();
}

}  // namespace products::adapters::kafka
