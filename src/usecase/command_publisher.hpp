#pragma once

#include <exception>
#include <functional>

#include "domain/deadline.hpp"
#include "domain/product_command.hpp"

namespace products::usecase {

// Hands a command to the log. Asynchronous: `done` runs exactly once, on a thread of the
// publisher's, with nullptr once the broker acknowledged the write, or with a domain::Error
// (Unavailable when it could not be written before the deadline). Never blocks the caller.
class CommandPublisher {
 public:
  using Completion = std::function<void(std::exception_ptr)>;

  virtual ~CommandPublisher() = default;
  virtual void publish(const domain::ProductCommand& command, domain::Deadline deadline, Completion done) = 0;
};

}  // namespace products::usecase
