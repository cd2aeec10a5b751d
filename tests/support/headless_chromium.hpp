#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "support/devtools_client.hpp"
#include "support/service_process.hpp"

namespace products::testing {

// Debian's Chromium, headless, with a profile of its own and every connection that is not to
// 127.0.0.1 sent to a proxy that is not there (127.0.0.1:9): whatever a page tries to load from
// another host fails, so a test sees that it needs no network.
class HeadlessChromium {
 public:
  // Throws std::runtime_error when Chromium is not installed (scripts/deps.sh) or does not start.
  explicit HeadlessChromium(int width = 1280, int height = 900);
  // Stops the browser and removes its profile.
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  // The open tab, through the DevTools protocol.
  DevToolsClient& page() { return *page_; }

 private:
  std::filesystem::path profile_;
  std::unique_ptr<ServiceProcess> process_;
  std::unique_ptr<DevToolsClient> page_;
};

}  // namespace products::testing
