#pragma once

#include <chrono>
#include <string_view>

namespace products::usecase {

// What a storage adapter tells the outside about each command it sent (metrics live in the
// adapters). `operation` names the kind of command from a fixed set (find_one, set, ...), never
// anything taken from a request. Called from any thread.
class OperationObserver {
 public:
  virtual ~OperationObserver() = default;
  virtual void completed(std::string_view operation, bool ok, std::chrono::nanoseconds took) = 0;
};

}  // namespace products::usecase
