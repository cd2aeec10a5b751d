// products-dlq: lists, shows and replays the dead letters of products-service (run with --help).
#include <iostream>
#include <variant>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "dlq/dlq_arguments.hpp"
#include "dlq/dlq_tool.hpp"

int main(int argc, char** argv) {
  using namespace products::tools::dlq;
  // The Kafka adapters log through spdlog; stdout is for results only (list --json is parsed).
  auto logger = spdlog::stderr_logger_mt("products-dlq");
  logger->set_level(spdlog::level::warn);
  spdlog::set_default_logger(logger);

  auto parsed = DlqArguments::parse(argc, argv, std::cout, std::cerr);
  if (const auto* exit_code = std::get_if<int>(&parsed)) return *exit_code;
  return DlqTool(std::move(std::get<DlqOptions>(parsed)), std::cout, std::cerr).run();
}
