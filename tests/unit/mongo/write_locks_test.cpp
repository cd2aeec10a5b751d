#include "adapters/mongo/write_locks.hpp"

#include <chrono>
#include <future>

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {
namespace {

using domain::Deadline;
using domain::ObjectId;
using namespace std::chrono_literals;

TEST(WriteLocks, AProductIsWrittenByOneCallerAtATime) {
  WriteLocks locks;
  const auto id = ObjectId::generate();
  auto held = locks.lock(id, Deadline::after(1s));

  auto waiter = std::async(std::launch::async, [&] {
    try {
      locks.lock(id, Deadline::after(50ms));
      return domain::ErrorKind::Internal;
    } catch (const domain::Error& e) {
      return e.kind();
    }
  });
  EXPECT_EQ(waiter.get(), domain::ErrorKind::DeadlineExceeded);

  held.unlock();
  auto later = std::async(std::launch::async, [&] { return locks.lock(id, Deadline::after(1s)).owns_lock(); });
  EXPECT_TRUE(later.get());
}

TEST(WriteLocks, AWaiterGetsTheLockWhenItIsReleased) {
  WriteLocks locks;
  const auto id = ObjectId::generate();
  auto held = locks.lock(id, Deadline::after(1s));
  auto waiter = std::async(std::launch::async, [&] { return locks.lock(id, Deadline::after(5s)).owns_lock(); });
  EXPECT_EQ(waiter.wait_for(20ms), std::future_status::timeout);
  held.unlock();
  EXPECT_TRUE(waiter.get());
}

}  // namespace
}  // namespace products::adapters::mongo
