#include "adapters/mongo/mongo_client_pool.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ErrorKind;

ErrorKind kind_of_failure(const MongoConfig& config) {
  try {
    MongoClientPool pool(config);
  } catch (const domain::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "the pool was created";
  return ErrorKind::Internal;
}

TEST(MongoClientPool, CreatesWithoutContactingTheServer) {
  MongoConfig config;
  config.uri = "mongodb://127.0.0.1:1";  // nothing listens there
  config.write_concern_w = 1;
  EXPECT_NO_THROW(MongoClientPool pool(config));
  config.write_concern_w = std::string("dc-east");
  EXPECT_NO_THROW(MongoClientPool pool(config));
}

TEST(MongoClientPool, RejectsAMalformedUri) {
  MongoConfig config;
  config.uri = "http://localhost";
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
}

TEST(MongoClientPool, RejectsABadWriteConcern) {
  MongoConfig config;
  config.write_concern_w = -2;
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
  config.write_concern_w = std::string();
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
}

TEST(MongoClientPool, RejectsBadSizesAndTimeouts) {
  MongoConfig config;
  config.pool_max_size = 0;
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
  config = MongoConfig{};
  config.server_selection_timeout = std::chrono::milliseconds(-1);
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
  config = MongoConfig{};
  config.socket_timeout = std::chrono::hours(24 * 30);
  EXPECT_EQ(kind_of_failure(config), ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace products::adapters::mongo
