#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/application.hpp"
#include "app/config.hpp"
#include "app/config_error.hpp"
#include "app/json_log_formatter.hpp"

int main(int argc, char** argv) {
  products::app::Application::block_stop_signals();
  // hiredis writes with plain write(): a Redis that goes away mid-write must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App cli("products-service: products catalog over REST, gRPC and Kafka");
  std::string config_path = "config/config.yaml";
  cli.add_option("--config", config_path, "configuration file")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  auto logger = spdlog::stdout_logger_mt("products-service");
  logger->set_formatter(std::make_unique<products::app::JsonLogFormatter>());
  spdlog::set_default_logger(logger);

  try {
    const auto config = products::app::Config::load_file(config_path, [](const char* name) { return std::getenv(name); });
    spdlog::set_level(spdlog::level::from_str(config.logging.level));
    logger->flush_on(spdlog::level::info);
    products::app::Application application(config);
    return application.run();
  } catch (const products::app::ConfigError& e) {
    spdlog::critical("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }
}
