// Black-box: the service's Redis cut off under load, keeping its data, while a cached product is
// updated; the update's invalidation cannot reach Redis. Reads keep succeeding from MongoDB, and
// when Redis comes back still holding the old entry, that entry is never served. Creates sent
// meanwhile are stored exactly once.

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "integration/redis/private_redis.hpp"
#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kCreates = 400;
constexpr int kClients = 4;

// GETs one product over and over until stopped, and keeps what a client would have noticed: an
// answer that was not 200, and the old name served after the new one had been seen.
class ProductReader {
 public:
  ProductReader(HttpClient client, std::string id, std::string old_name, std::string new_name)
      : client_(std::move(client)),
        path_(product_path(id)),
        old_name_(std::move(old_name)),
        new_name_(std::move(new_name)),
        thread_([this] { run(); }) {}
  ~ProductReader() { stop(); }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }

  int reads() const noexcept { return reads_; }
  int failures() const noexcept { return failures_; }
  bool saw_new() const noexcept { return saw_new_; }
  int stale_after_new() const noexcept { return stale_after_new_; }

 private:
  void run() {
    while (!stopping_) {
      const auto result = client_.get(path_);
      ++reads_;
      const auto body = result.status == 200 ? json_object(result.body) : std::nullopt;
      if (!body) {
        ++failures_;
        continue;
      }
      const auto name = string_member(*body, "name");
      if (name == new_name_) saw_new_ = true;
      if (name == old_name_ && saw_new_) ++stale_after_new_;
    }
  }

  const HttpClient client_;
  const std::string path_, old_name_, new_name_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> reads_{0}, failures_{0}, stale_after_new_{0};
  std::atomic<bool> saw_new_{false};
  std::thread thread_;
};

// The value of one series of the service's /metrics, e.g. `name{label="value"}`; -1 when absent.
double metric(const ServiceUnderTest& service, const std::string& series) {
  const auto body = service.metrics().get("/metrics").body;
  const auto at = body.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + series.size() + 2));
}

TEST(CacheOutageTest, RedisCutUnderLoadNeverServesAnUpdatedProductStaleOnceItIsBack) {
  PrivateRedis redis(PrivateRedis::Data::KeptAcrossStops);
  const auto ns = ServiceNamespace::fresh();
  ServiceUnderTest service(ns, {{"REDIS_ADDR", "127.0.0.1:" + std::to_string(redis.port())}});
  ASSERT_TRUE(service.wait_ready());
  const auto client = service.http();
  const auto word = unique_search_word("cachecut");
  // Not found by the audit's search, which must find the load's creates only.
  const auto product_word = unique_search_word("cached");
  const auto old_name = "Before the cut " + product_word;
  const auto new_name = "After the cut " + product_word;

  const auto id = create_product(client, valid_product_json(old_name));
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(get_until_status(client, id, 200, 30s).status, 200);
  const auto key = ns.database + ":" + id;
  ASSERT_TRUE(wait_until([&] { return client.get(product_path(id)).status == 200 && redis.command({"EXISTS", key}).integer() == 1; }, 10s))
      << "the product was never cached";

  ProductReader reader(client, id, old_name, new_name);
  CreateLoad load(word, kCreates, kClients, [&service](int) { return service.http(); });
  ASSERT_TRUE(wait_until([&] { return load.ledger().accepted_count() >= kCreates / 4; }, 60s)) << load.ledger().summary();

  // Saved, then killed: the entry of the old product is in the dump the restart loads.
  redis.stop();
  auto replacement = valid_product_json(new_name);
  const auto update = client.request("PUT", product_path(id), boost::json::serialize(replacement));
  ASSERT_EQ(update.status, 202) << update.body << update.error;
  // Applied by the consumer, its invalidation failed: read from MongoDB.
  ASSERT_TRUE(wait_until([&] { return reader.saw_new(); }, 30s)) << "the update was never read back";
  // The creates applied meanwhile are pending too: a replay after a crash invalidates them.
  EXPECT_GE(metric(service, R"(cache_invalidations_total{result="deferred"})"), 1) << "no failed invalidation recorded";
  EXPECT_EQ(metric(service, R"(cache_invalidations_pending{scope="all"})"), 0);
  const auto reads_until_updated = reader.reads();

  ASSERT_TRUE(redis.start());
  // The replay deletes the old entry; reads then fill the cache with the new product.
  // Expectations, not assertions, up to the reads: a stale read is the failure that matters most.
  EXPECT_TRUE(wait_until([&] { return metric(service, R"(cache_invalidations_pending{scope="ids"})") == 0; }, 10s))
      << "the invalidations were not replayed once Redis was back";
  EXPECT_GE(metric(service, R"(cache_invalidations_total{result="replayed"})"), 1);
  EXPECT_TRUE(wait_until(
      [&] {
        const auto entry = redis.command({"GET", key});
        return entry.is_string() && entry.text().find(new_name) != std::string_view::npos;
      },
      10s))
      << "the cache never held the updated product again";
  const auto reads_before_hits = reader.reads();
  ASSERT_TRUE(wait_until([&] { return reader.reads() >= reads_before_hits + 50; }, 30s));

  load.halt();
  ASSERT_TRUE(load.join());
  reader.stop();
  std::cout << "reads: " << reader.reads() << " (" << reads_until_updated << " until the update was read back); "
            << load.ledger().summary() << std::endl;
  EXPECT_EQ(reader.failures(), 0) << "reads failed while Redis was away";
  EXPECT_EQ(reader.stale_after_new(), 0) << "the old product was served after the update";

  const auto& ledger = load.ledger();
  EXPECT_TRUE(ledger.rejected().empty()) << ledger.summary();
  EXPECT_TRUE(ledger.failed().empty()) << ledger.summary();
  const auto audit = creates_stored_exactly_once(client, word, ledger, Unanswered::MustBeAbsent, 120s);
  EXPECT_TRUE(audit) << audit.message();
  EXPECT_TRUE(stops_cleanly(service, SIGTERM, 20s));
}

}  // namespace
}  // namespace products::testing
