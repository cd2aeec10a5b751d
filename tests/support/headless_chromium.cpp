#include "support/headless_chromium.hpp"

#include <fstream>
#include <stdexcept>

#include <signal.h>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "support/http_client.hpp"
#include "support/test_env.hpp"

namespace products::testing {

namespace {

std::string chromium_binary() {
  auto path = shell_output("command -v chromium");
  while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.pop_back();
  if (path.empty()) throw std::runtime_error("chromium is not installed: run scripts/deps.sh");
  return path;
}

}  // namespace

HeadlessChromium::HeadlessChromium(int width, int height)
    : profile_(std::filesystem::temp_directory_path() / unique_name("chromium-profile")) {
  std::filesystem::create_directories(profile_);
  process_ = std::make_unique<ServiceProcess>(
      std::vector<std::string>{
          chromium_binary(), "--headless", "--no-sandbox",  // tests run as root, where the sandbox cannot start
          "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--hide-scrollbars", "--mute-audio",
          "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
          fmt::format("--window-size={},{}", width, height), "--remote-debugging-port=0",
          "--user-data-dir=" + profile_.string(), "about:blank"},
      std::map<std::string, std::string>{});
  // With port 0 the browser writes the port it chose into its profile.
  int port = 0;
  const bool listening = wait_until(
      [&] {
        std::ifstream in(profile_ / "DevToolsActivePort");
        return static_cast<bool>(in >> port) || !process_->running();
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100));
  if (!listening || port == 0) throw std::runtime_error("chromium did not start; its log:\n" + process_->log());
  // The tab it opened, by its own WebSocket.
  std::string path;
  wait_until(
      [&] {
        const auto targets = HttpClient("127.0.0.1", port).get("/json/list");
        if (targets.status != 200) return false;
        const auto parsed = boost::json::parse(targets.body);
        for (const auto& target : parsed.as_array()) {
          if (target.at("type").as_string() == "page") {
            const std::string url(target.at("webSocketDebuggerUrl").as_string());
            path = url.substr(url.find('/', std::string_view("ws://").size()));
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(100));
  if (path.empty()) throw std::runtime_error("chromium opened no tab; its log:\n" + process_->log());
  page_ = std::make_unique<DevToolsClient>("127.0.0.1", port, path);
}

HeadlessChromium::~HeadlessChromium() {
  page_.reset();
  process_->signal(SIGTERM);
  process_->wait_exit(std::chrono::seconds(20));
  process_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(profile_, ignored);
}

}  // namespace products::testing
