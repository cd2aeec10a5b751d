#include "adapters/mongo/write_locks.hpp"

#include <chrono>
#include <future>
#include <latch>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/error.hpp"

namespace products::adapters::mongo {
namespace {

using domain::Deadline;
using domain::ObjectId;
using namespace std::chrono_literals;

// Holds `ids` on a thread of its own from construction until release().
class Holder {
 public:
  Holder(WriteLocks& locks, std::vector<ObjectId> ids) : ids_(std::move(ids)) {
    thread_ = std::thread([this, &locks] {
      const auto held = locks.lock(ids_, Deadline::after(5s));
      locked_.count_down();
      release_.get_future().wait();
    });
    locked_.wait();
  }
  ~Holder() {
    release();
    thread_.join();
  }

  void release() {
    if (!released_) release_.set_value();
    released_ = true;
  }

 private:
  std::vector<ObjectId> ids_;
  std::latch locked_{1};
  std::promise<void> release_;
  bool released_ = false;
  std::thread thread_;
};

// How a lock attempt ended: true when it got the lock, false when the deadline passed.
std::future<bool> try_lock(WriteLocks& locks, std::vector<ObjectId> ids, std::chrono::milliseconds budget) {
  return std::async(std::launch::async, [&locks, ids = std::move(ids), budget] {
    try {
      const auto held = locks.lock(ids, Deadline::after(budget));
      return true;
    } catch (const domain::Error& e) {
      EXPECT_EQ(e.kind(), domain::ErrorKind::DeadlineExceeded);
      return false;
    }
  });
}

TEST(WriteLocks, AProductIsWrittenByOneCallerAtATime) {
  WriteLocks locks;
  const auto id = ObjectId::generate();
  Holder holder(locks, {id});
  EXPECT_FALSE(try_lock(locks, {id}, 50ms).get());
  holder.release();
  EXPECT_TRUE(try_lock(locks, {id}, 1s).get());
}

TEST(WriteLocks, AWaiterGetsTheLockWhenItIsReleased) {
  WriteLocks locks;
  const auto id = ObjectId::generate();
  Holder holder(locks, {id});
  auto waiter = try_lock(locks, {id}, 5s);
  EXPECT_EQ(waiter.wait_for(20ms), std::future_status::timeout);
  holder.release();
  EXPECT_TRUE(waiter.get());
}

TEST(WriteLocks, ASetWaitsForAnyOfItsProductsAndOnlyForThose) {
  WriteLocks locks;
  const auto a = ObjectId::generate(), b = ObjectId::generate(), c = ObjectId::generate();
  Holder holder(locks, {a, b});
  EXPECT_TRUE(try_lock(locks, {c}, 1s).get());
  auto overlapping = try_lock(locks, {c, b}, 5s);
  EXPECT_EQ(overlapping.wait_for(20ms), std::future_status::timeout);
  holder.release();
  EXPECT_TRUE(overlapping.get());
}

// Each caller takes its whole set at once, so sets locked in opposite orders cannot deadlock.
TEST(WriteLocks, OverlappingSetsInAnyOrderNeverDeadlock) {
  WriteLocks locks;
  const auto a = ObjectId::generate(), b = ObjectId::generate(), c = ObjectId::generate();
  const std::vector<std::vector<ObjectId>> sets = {{a, b}, {b, a}, {c, a}, {b, c}};
  std::vector<std::future<void>> callers;
  for (const auto& set : sets) {
    callers.push_back(std::async(std::launch::async, [&locks, set] {
      for (int i = 0; i < 2000; ++i) {
        const auto held = locks.lock(set, Deadline::after(5s));
      }
    }));
  }
  for (auto& caller : callers) EXPECT_NO_THROW(caller.get());
}

}  // namespace
}  // namespace products::adapters::mongo
