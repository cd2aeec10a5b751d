#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "adapters/mongo/mongo_driver.hpp"

namespace products::adapters::mongo {

// libmongoc is initialised once for the whole test binary, as the application does. Included by
// one file of each binary that talks to libmongoc.
class DriverEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { driver_ = std::make_unique<MongoDriver>(); }
  void TearDown() override { driver_.reset(); }

 private:
  std::unique_ptr<MongoDriver> driver_;
};

inline const auto* const driver_environment = ::testing::AddGlobalTestEnvironment(new DriverEnvironment);

}  // namespace products::adapters::mongo
