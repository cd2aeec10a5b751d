#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/mongo_schema.hpp"
#include "domain/deadline.hpp"
#include "support/test_env.hpp"
#include "unit/mongo/driver_environment.hpp"

namespace products::adapters::mongo {

// Each test gets a database of its own on the stack's server, with the schema in place, and drops
// it afterwards.
class MongoFixture : public ::testing::Test {
 protected:
  static domain::Deadline soon() { return domain::Deadline::after(std::chrono::seconds(10)); }
  static domain::Deadline expired() {
    return domain::Deadline(domain::Deadline::Clock::now() - std::chrono::milliseconds(1));
  }

  void SetUp() override {
    config_.uri = testing::mongo_uri();
    config_.database = testing::unique_name("products-it");
    config_.app_name = "products-integration-tests";
    pool_ = std::make_unique<MongoClientPool>(config_);
    MongoSchema schema(*pool_);
    schema.ensure_collection(soon());
    schema.ensure_indexes(soon());
  }

  void TearDown() override {
    const auto client = pool_->checkout();
    BsonDocument command, reply;
    bson_append_int32(command.get(), "dropDatabase", -1, 1);
    bson_error_t error;
    EXPECT_TRUE(mongoc_client_write_command_with_opts(client.get(), config_.database.c_str(), command.get(),
                                                      nullptr, reply.get(), &error))
        << error.message;
  }

  // One string field of every document a cursor yields; the test fails on a cursor error.
  static std::vector<std::string> string_field(mongoc_cursor_t* cursor, const char* field) {
    std::vector<std::string> values;
    const bson_t* document = nullptr;
    while (mongoc_cursor_next(cursor, &document)) {
      bson_iter_t iter;
      if (bson_iter_init_find(&iter, document, field)) values.emplace_back(bson_iter_utf8(&iter, nullptr));
    }
    bson_error_t error;
    EXPECT_FALSE(mongoc_cursor_error(cursor, &error)) << error.message;
    return values;
  }

  MongoConfig config_;
  std::unique_ptr<MongoClientPool> pool_;
};

}  // namespace products::adapters::mongo
