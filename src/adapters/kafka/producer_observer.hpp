#pragma once

#include <chrono>
#include <string_view>

namespace products::adapters::kafka {

// What a producer tells the outside about its messages (metrics live elsewhere). accepted() when
// librdkafka took a message, delivered() once per accepted message when its report is served (on
// the producer's poll thread); their difference is the queue depth.
class ProducerObserver {
 public:
  virtual ~ProducerObserver() = default;
  virtual void accepted() = 0;
  virtual void delivered(std::string_view topic, bool ok, std::chrono::microseconds latency) = 0;
};

}  // namespace products::adapters::kafka
