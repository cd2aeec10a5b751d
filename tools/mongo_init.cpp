// mongo-init: creates the products collection and its indexes, idempotently; the equivalent of
// the original service's `make mongo` init script.
#include <chrono>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/mongo_driver.hpp"
#include "adapters/mongo/mongo_schema.hpp"
#include "domain/deadline.hpp"

using products::adapters::mongo::MongoClientPool;
using products::adapters::mongo::MongoConfig;
using products::adapters::mongo::MongoDriver;
using products::adapters::mongo::MongoSchema;

int main(int argc, char** argv) {
  MongoConfig config;
  long timeout_ms = 30000;
  CLI::App app{"Creates the products collection and its indexes (idempotent)"};
  app.add_option("--uri", config.uri, "MongoDB connection string")->capture_default_str();
  app.add_option("--database", config.database, "database name")->capture_default_str();
  app.add_option("--collection", config.collection, "collection name")->capture_default_str();
  app.add_option("--timeout-ms", timeout_ms, "give up after this many milliseconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  // The driver's own account of a failure goes with the error message, on stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("mongo-init"));
  config.app_name = "products-mongo-init";
  const std::chrono::milliseconds timeout(timeout_ms);
  // A server that is still starting should not fail the run while there is time left to wait.
  config.server_selection_timeout = timeout;
  config.socket_timeout = timeout;
  const auto where = fmt::format("{}.{}", config.database, config.collection);
  try {
    MongoDriver driver;
    MongoClientPool pool(config);
    MongoSchema schema(pool);
    const auto deadline = products::domain::Deadline::after(timeout);
    schema.ensure_collection(deadline);
    schema.ensure_indexes(deadline);
    fmt::print("mongo-init: {} is ready (collection and indexes)\n", where);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "mongo-init: cannot initialise {}: {}\n", where, e.what());
    return 1;
  }
}
