#include "adapters/mongo/mongo_client_pool.hpp"

#include <limits>

#include <fmt/format.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {

using domain::Error;
using domain::ErrorKind;

namespace {

Error invalid(std::string message) { return Error(ErrorKind::InvalidArgument, std::move(message)); }

std::int32_t as_int32_ms(std::chrono::milliseconds value, const char* name) {
  if (value.count() < 0 || value.count() > std::numeric_limits<std::int32_t>::max()) {
    throw invalid(fmt::format("mongodb {} must be between 0 and {} ms", name, std::numeric_limits<std::int32_t>::max()));
  }
  return static_cast<std::int32_t>(value.count());
}

void set_option(mongoc_uri_t* uri, const char* option, std::int32_t value) {
  if (!mongoc_uri_set_option_as_int32(uri, option, value)) {
    throw invalid(fmt::format("mongodb URI option {} cannot be {}", option, value));
  }
}

WriteConcernHandle write_concern(const MongoConfig& config) {
  WriteConcernHandle concern(mongoc_write_concern_new());
  if (const auto* nodes = std::get_if<std::int32_t>(&config.write_concern_w)) {
    if (*nodes < 0) throw invalid("mongodb write concern w must be 0 or more, \"majority\" or a tag name");
    mongoc_write_concern_set_w(concern.get(), *nodes);
  } else if (const auto& name = std::get<std::string>(config.write_concern_w); name == "majority") {
    mongoc_write_concern_set_w(concern.get(), MONGOC_WRITE_CONCERN_W_MAJORITY);
  } else if (!name.empty()) {
    mongoc_write_concern_set_wtag(concern.get(), name.c_str());
  } else {
    throw invalid("mongodb write concern w must not be empty");
  }
  mongoc_write_concern_set_wtimeout_int64(concern.get(), config.write_concern_timeout.count());
  return concern;
}

UriHandle make_uri(const MongoConfig& config) {
  bson_error_t error;
  UriHandle uri(mongoc_uri_new_with_error(config.uri.c_str(), &error));
  // libmongoc's message quotes no part of the URI, so it cannot leak a password.
  if (!uri) throw invalid(fmt::format("invalid mongodb URI: {}", error.message));
  if (!mongoc_uri_set_appname(uri.get(), config.app_name.c_str())) {
    throw invalid(fmt::format("invalid mongodb app name '{}'", config.app_name));
  }
  set_option(uri.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS,
             as_int32_ms(config.server_selection_timeout, "server selection timeout"));
  set_option(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS, as_int32_ms(config.socket_timeout, "socket timeout"));
  set_option(uri.get(), MONGOC_URI_WAITQUEUETIMEOUTMS, as_int32_ms(config.pool_wait_timeout, "pool wait timeout"));
  if (config.pool_max_size < 1) throw invalid("mongodb pool max size must be 1 or more");
  set_option(uri.get(), MONGOC_URI_MAXPOOLSIZE, config.pool_max_size);
  mongoc_uri_set_write_concern(uri.get(), write_concern(config).get());
  return uri;
}

ClientPoolHandle make_pool(const MongoConfig& config) {
  const auto uri = make_uri(config);
  bson_error_t error;
  ClientPoolHandle pool(mongoc_client_pool_new_with_error(uri.get(), &error));
  if (!pool) throw invalid(fmt::format("mongodb client pool: {}", error.message));
  // Version 2 reports every server-side error in one domain (MONGOC_ERROR_SERVER), which is what
  // MongoErrors classifies.
  mongoc_client_pool_set_error_api(pool.get(), MONGOC_ERROR_API_VERSION_2);
  return pool;
}

}  // namespace

MongoClientPool::MongoClientPool(MongoConfig config) : config_(std::move(config)), pool_(make_pool(config_)) {}

}  // namespace products::adapters::mongo
