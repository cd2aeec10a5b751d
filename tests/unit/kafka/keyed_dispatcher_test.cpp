#include "adapters/kafka/keyed_dispatcher.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/test_env.hpp"

namespace products::adapters::kafka {
namespace {

using namespace std::chrono_literals;
using products::testing::wait_until;

TEST(KeyedDispatcherTest, TasksOfOneKeyRunOneAtATimeInSubmissionOrder) {
  std::mutex mutex;
  std::map<std::string, std::vector<int>> seen;
  std::map<std::string, int> running;
  std::atomic<bool> overlapped{false};
  {
    KeyedDispatcher dispatcher(4, "test");
    for (int i = 0; i < 500; ++i) {
      const auto key = "key-" + std::to_string(i % 5);
      dispatcher.submit(key, [&, key, i] {
        {
          std::lock_guard lock(mutex);
          if (running[key]++ > 0) overlapped = true;
        }
        std::this_thread::yield();
        std::lock_guard lock(mutex);
        --running[key];
        seen[key].push_back(i);
      });
    }
    dispatcher.stop();
  }
  EXPECT_FALSE(overlapped);
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& [key, order] : seen) {
    ASSERT_EQ(order.size(), 100u) << key;
    for (std::size_t i = 1; i < order.size(); ++i) EXPECT_LT(order[i - 1], order[i]) << key;
  }
}

TEST(KeyedDispatcherTest, DifferentKeysRunInParallel) {
  KeyedDispatcher dispatcher(2, "test");
  std::mutex mutex;
  std::condition_variable both;
  int started = 0;
  std::atomic<int> finished{0};
  // Each task waits for the other: this only finishes if they run at the same time.
  for (const auto* key : {"a", "b"}) {
    dispatcher.submit(key, [&] {
      std::unique_lock lock(mutex);
      ++started;
      both.notify_all();
      if (both.wait_for(lock, 5s, [&] { return started == 2; })) ++finished;
    });
  }
  EXPECT_TRUE(wait_until([&] { return finished == 2; }, 10s));
}

TEST(KeyedDispatcherTest, ABlockedKeyDoesNotHoldUpOthers) {
  KeyedDispatcher dispatcher(2, "test");
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> others{0};
  dispatcher.submit("slow", [&] {
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return release; });
  });
  dispatcher.submit("slow", [&] { ++others; });
  for (int i = 0; i < 20; ++i) dispatcher.submit("fast-" + std::to_string(i), [&] { ++others; });
  EXPECT_TRUE(wait_until([&] { return others == 20; }, 5s));
  EXPECT_EQ(dispatcher.queued(), 1u);  // the second "slow" task waits for the first
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
  EXPECT_TRUE(wait_until([&] { return others == 21; }, 5s));
}

TEST(KeyedDispatcherTest, StopRunsEverythingQueued) {
  std::atomic<int> ran{0};
  KeyedDispatcher dispatcher(1, "test");
  for (int i = 0; i < 100; ++i) dispatcher.submit(std::to_string(i % 3), [&] { ++ran; });
  dispatcher.stop();
  EXPECT_EQ(ran, 100);
  EXPECT_EQ(dispatcher.queued(), 0u);
}

TEST(KeyedDispatcherTest, ATaskThatThrowsDoesNotStopItsKey) {
  std::atomic<int> ran{0};
  KeyedDispatcher dispatcher(1, "test");
  dispatcher.submit("k", [] { throw std::runtime_error("boom"); });
  dispatcher.submit("k", [&] { ++ran; });
  dispatcher.stop();
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace products::adapters::kafka
