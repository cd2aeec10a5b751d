#pragma once

#include <memory>

#include "app/config.hpp"

namespace products::app {

// The composition root: builds every adapter from the configuration, wires them to the use cases,
// serves until SIGINT or SIGTERM, then shuts down in order within service.shutdown_timeout.
class Application {
 public:
  explicit Application(const Config& config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // SIGINT and SIGTERM must already be blocked in every thread (see block_stop_signals), so that
  // only run() receives them. Returns the process exit code.
  int run();

  // Call first thing in main, before any thread exists: threads inherit the mask.
  static void block_stop_signals();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace products::app
