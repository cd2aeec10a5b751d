#include "adapters/mongo/mongo_driver.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

#include "unit/mongo/driver_environment.hpp"

namespace products::adapters::mongo {
namespace {

TEST(MongoDriver, RefusesASecondInitialisationInOneProcess) { EXPECT_THROW(MongoDriver(), std::logic_error); }

}  // namespace
}  // namespace products::adapters::mongo
