#pragma once

#include <exception>
#include <vector>

#include "usecase/command_publisher.hpp"

namespace products::testing {

// Keeps what was published and completes at once, as a broker that acknowledges immediately
// would (or fails with `fail_with`), so that tests see the command and the completion together.
class FakeCommandPublisher : public usecase::CommandPublisher {
 public:
  void publish(const domain::ProductCommand& command, domain::Deadline deadline, Completion done) override {
    published.push_back(command);
    deadlines.push_back(deadline);
    done(fail_with);
  }

  std::vector<domain::ProductCommand> published;
  std::vector<domain::Deadline> deadlines;
  std::exception_ptr fail_with;
};

}  // namespace products::testing
