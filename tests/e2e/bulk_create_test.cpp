// Black-box: 20,000 creates through REST, as a user loading a catalog would post them. Every
// accepted create must be stored exactly once, under the id its 202 named, within a bound that
// `make bench-e2e` justifies (see kApplyBound).

#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <string>

#include <bson/bson.h>
#include <gtest/gtest.h>
#include <mongoc/mongoc.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_client_pool.hpp"
#include "adapters/mongo/mongo_driver.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "support/catalog_audit.hpp"
#include "support/create_load.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;
using adapters::mongo::BsonDocument;

constexpr int kCreates = 20'000;
constexpr int kClients = 16;
// From the last 202 until the last create is stored. `make bench-e2e` measures the release build
// applying about 20,000 creates per second on two cores (bench/e2e/results/report.md), and the
// REST front door accepts under half of that, so the consumer keeps pace with the posts; this
// suite runs the sanitizer build, several times slower, so the bound allows a backlog applied at
// about 330 per second: two orders of magnitude of headroom, and still a failure long before the
// ten-minute stalls this test was written against.
constexpr auto kApplyBound = 60s;

// The namespace's collection read straight from the store: a search through the API scans the
// whole collection per page, and listing 20,000 products page by page would take longer than
// applying them.
class StoredProducts {
 public:
  explicit StoredProducts(const std::string& database) : pool_(config(database)) {}

  std::int64_t count() {
    auto client = pool_.checkout();
    adapters::mongo::CollectionHandle collection(
        mongoc_client_get_collection(client.get(), pool_.config().database.c_str(), "products"));
    bson_error_t error;
    BsonDocument filter;
    return mongoc_collection_count_documents(collection.get(), filter.get(), nullptr, nullptr, nullptr, &error);
  }

  // id -> name of every stored product; ids listed twice are counted in `duplicates`.
  std::map<std::string, std::string> all(int& duplicates) {
    std::map<std::string, std::string> stored;
    auto client = pool_.checkout();
    adapters::mongo::CollectionHandle collection(
        mongoc_client_get_collection(client.get(), pool_.config().database.c_str(), "products"));
    BsonDocument filter, options, projection;
    bson_append_int32(projection.get(), "name", -1, 1);
    bson_append_document(options.get(), "projection", -1, projection.get());
    adapters::mongo::CursorHandle cursor(
        mongoc_collection_find_with_opts(collection.get(), filter.get(), options.get(), nullptr));
    const bson_t* document = nullptr;
    while (mongoc_cursor_next(cursor.get(), &document)) {
      bson_iter_t iter;
      char hex[25];
      if (!bson_iter_init_find(&iter, document, "_id") || !BSON_ITER_HOLDS_OID(&iter)) continue;
      bson_oid_to_string(bson_iter_oid(&iter), hex);
      std::string name;
      if (bson_iter_init_find(&iter, document, "name") && BSON_ITER_HOLDS_UTF8(&iter)) {
        name = bson_iter_utf8(&iter, nullptr);
      }
      if (!stored.emplace(hex, name).second) ++duplicates;
    }
    bson_error_t error;
    EXPECT_FALSE(mongoc_cursor_error(cursor.get(), &error)) << error.message;
    return stored;
  }

  void drop() {
    auto client = pool_.checkout();
    BsonDocument command, reply;
    bson_append_int32(command.get(), "dropDatabase", -1, 1);
    bson_error_t error;
    EXPECT_TRUE(mongoc_client_write_command_with_opts(client.get(), pool_.config().database.c_str(), command.get(),
                                                      nullptr, reply.get(), &error))
        << error.message;
  }

 private:
  static adapters::mongo::MongoConfig config(const std::string& database) {
    adapters::mongo::MongoConfig config;
    config.uri = mongo_uri();
    config.database = database;
    config.app_name = "products-e2e-audit";
    return config;
  }

  adapters::mongo::MongoDriver driver_;
  adapters::mongo::MongoClientPool pool_;
};

TEST(BulkCreateTest, TwentyThousandAcceptedCreatesAreStoredExactlyOnceWithinTheBound) {
  const auto ns = ServiceNamespace::fresh();
  const auto word = unique_search_word("bulk");
  ServiceUnderTest service(ns);
  ASSERT_TRUE(service.wait_ready());
  StoredProducts store(ns.database);

  const auto load_started = std::chrono::steady_clock::now();
  CreateLoad load(word, kCreates, kClients, [&service](int) { return service.http(); });
  ASSERT_TRUE(load.join(600s)) << load.ledger().summary();
  const auto accepted_at = std::chrono::steady_clock::now();
  const auto& ledger = load.ledger();
  const auto accepted = ledger.accepted();
  std::cout << "posted " << kCreates << " creates in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(accepted_at - load_started).count()
            << " ms: " << ledger.summary() << std::endl;
  // Nothing was in the way: every create must have been accepted.
  ASSERT_EQ(accepted.size(), static_cast<std::size_t>(kCreates)) << ledger.summary();

  std::int64_t stored_count = -1;
  const bool applied = wait_until(
      [&] {
        stored_count = store.count();
        return stored_count >= kCreates;
      },
      kApplyBound, 1s);
  const auto applied_after =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - accepted_at);
  std::cout << "stored " << stored_count << " products " << applied_after.count() << " ms after the last 202"
            << std::endl;
  ASSERT_TRUE(applied) << "after " << kApplyBound.count() << " s only " << stored_count << " of " << kCreates
                       << " accepted creates are stored\n"
                       << log_tail(service.process().log());

  int duplicates = 0;
  const auto stored = store.all(duplicates);
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(stored.size(), accepted.size());
  int missing = 0, misnamed = 0;
  for (const auto& [seq, id] : accepted) {
    const auto it = stored.find(id);
    if (it == stored.end()) {
      ++missing;
    } else if (it->second != load_product_name(word, seq)) {
      ++misnamed;
    }
  }
  EXPECT_EQ(missing, 0) << "accepted creates not stored";
  EXPECT_EQ(misnamed, 0) << "stored under an accepted id with another create's name";

  // The same through the API: the search counts every one, a sample reads back by id.
  EXPECT_EQ(search_total(service.http(), word), kCreates);
  std::size_t index = 0;
  for (const auto& [seq, id] : accepted) {
    if (index++ % 1000 != 0) continue;
    const auto result = service.http().get(product_path(id));
    EXPECT_EQ(result.status, 200) << id << ": " << result.body << result.error;
  }

  const auto reports = sanitizer_reports(service.process().log());
  EXPECT_TRUE(reports.empty()) << reports.front();
  EXPECT_TRUE(stops_cleanly(service, SIGTERM, 20s));
  store.drop();
}

}  // namespace
}  // namespace products::testing
