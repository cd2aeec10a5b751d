#include "adapters/mongo/mongo_driver.hpp"

#include <atomic>
#include <stdexcept>
#include <string_view>

#include <mongoc/mongoc.h>
#include <spdlog/spdlog.h>

namespace products::adapters::mongo {

namespace {

std::atomic<bool> initialised{false};

// Servers without sessions (FerretDB) refuse the endSessions a pool sends when it shuts down;
// nothing is lost, so it is not worth a warning every time.
bool is_end_sessions_refusal(const char* message) {
  return std::string_view(message).starts_with("Couldn't send \"endSessions\"");
}

void log_to_spdlog(mongoc_log_level_t level, const char* domain, const char* message, void*) {
  if (is_end_sessions_refusal(message)) level = MONGOC_LOG_LEVEL_DEBUG;
  spdlog::level::level_enum mapped = spdlog::level::trace;
  switch (level) {
    case MONGOC_LOG_LEVEL_ERROR:
    case MONGOC_LOG_LEVEL_CRITICAL: mapped = spdlog::level::err; break;
    case MONGOC_LOG_LEVEL_WARNING: mapped = spdlog::level::warn; break;
    case MONGOC_LOG_LEVEL_MESSAGE:
    case MONGOC_LOG_LEVEL_INFO: mapped = spdlog::level::info; break;
    case MONGOC_LOG_LEVEL_DEBUG: mapped = spdlog::level::debug; break;
    case MONGOC_LOG_LEVEL_TRACE: mapped = spdlog::level::trace; break;
  }
  spdlog::log(mapped, "mongoc {}: {}", domain, message);
}

}  // namespace

MongoDriver::MongoDriver() {
  if (initialised.exchange(true)) {
    throw std::logic_error("MongoDriver: libmongoc can be initialised only once per process");
  }
  mongoc_log_set_handler(log_to_spdlog, nullptr);
  mongoc_init();
}

MongoDriver::~MongoDriver() {
  mongoc_cleanup();
  // spdlog may be torn down before anything libmongoc still logs during static destruction.
  mongoc_log_set_handler(mongoc_log_default_handler, nullptr);
}

}  // namespace products::adapters::mongo
