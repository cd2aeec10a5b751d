#include "adapters/mongo/mongo_product_repository.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "domain/error.hpp"
#include "integration/mongo/repository_fixture.hpp"

namespace products::adapters::mongo {
namespace {

using domain::ErrorKind;
using domain::ObjectId;
using domain::Product;
using domain::SearchQuery;
using domain::Timestamp;
using namespace std::chrono_literals;

TEST_F(Repository, UpsertCreatesAProductFindByIdReads) {
  const auto product = make_product("Coffee grinder");
  EXPECT_TRUE(repository_->upsert(product, 100, soon()));
  EXPECT_EQ(repository_->find_by_id(product.id, soon()), product);
  EXPECT_EQ(repository_->find_by_id(ObjectId::generate(), soon()), std::nullopt);
}

TEST_F(Repository, ReplayingTheSameVersionChangesNothing) {
  const auto product = make_product("Kettle");
  ASSERT_TRUE(repository_->upsert(product, 100, soon()));
  const auto before = raw(product.id);
  EXPECT_FALSE(repository_->upsert(product, 100, soon()));
  EXPECT_FALSE(repository_->upsert(edited(product, "Other", kEpoch + 5s), 100, soon()));
  EXPECT_EQ(raw(product.id), before);
}

TEST_F(Repository, ANewerVersionReplacesTheFieldsAndKeepsCreatedAt) {
  const auto product = make_product("Toaster");
  ASSERT_TRUE(repository_->upsert(product, 100, soon()));
  const auto update = edited(product, "Toaster deluxe", kEpoch + 60s);
  EXPECT_TRUE(repository_->upsert(update, 200, soon()));

  const auto stored = repository_->find_by_id(product.id, soon());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields, update.fields);
  EXPECT_FALSE(stored->fields.image_url);
  EXPECT_EQ(stored->created_at, product.created_at);
  EXPECT_EQ(stored->updated_at, update.updated_at);
}

TEST_F(Repository, AnOlderVersionIsIgnored) {
  const auto product = make_product("Blender");
  ASSERT_TRUE(repository_->upsert(product, 200, soon()));
  const auto before = raw(product.id);
  EXPECT_FALSE(repository_->upsert(edited(product, "Stale", kEpoch + 60s), 100, soon()));
  EXPECT_EQ(raw(product.id), before);
}

// An update applied before its create inserts the product; the create, older, changes no field
// but brings createdAt back to when the product was really created.
TEST_F(Repository, AnOlderVersionStillDatesTheProductBack) {
  const auto created = make_product("Scale", "weighs", kEpoch);
  const auto update = edited(created, "Scale v2", kEpoch + 60s);
  ASSERT_TRUE(repository_->upsert(update, 200, soon()));
  EXPECT_TRUE(repository_->upsert(created, 100, soon()));
  const auto stored = repository_->find_by_id(created.id, soon());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields, update.fields);
  EXPECT_EQ(stored->created_at, kEpoch);
  EXPECT_EQ(stored->updated_at, update.updated_at);
  EXPECT_FALSE(repository_->upsert(created, 100, soon()));
}

TEST_F(Repository, ReplaceExistingUpdatesOnlyALiveProduct) {
  const auto product = make_product("Mixer");
  ASSERT_TRUE(repository_->upsert(product, 100, soon()));
  const auto update = edited(product, "Mixer pro", kEpoch + 60s);

  const auto stored = repository_->replace_existing(update, 200, soon());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields, update.fields);
  EXPECT_EQ(stored->created_at, product.created_at);
  EXPECT_EQ(repository_->find_by_id(product.id, soon()), stored);

  const auto unknown = make_product("Nobody");
  EXPECT_EQ(repository_->replace_existing(unknown, 300, soon()), std::nullopt);
  EXPECT_EQ(raw(unknown.id), "absent");

  ASSERT_TRUE(repository_->remove(product.id, 300, soon()));
  EXPECT_EQ(repository_->replace_existing(edited(product, "Zombie", kEpoch + 120s), 400, soon()), std::nullopt);
}

TEST_F(Repository, ReplaceExistingWithAnOlderVersionReturnsTheNewerStoredProduct) {
  const auto product = make_product("Juicer");
  ASSERT_TRUE(repository_->upsert(product, 200, soon()));
  const auto stored = repository_->replace_existing(edited(product, "Stale", kEpoch + 1s), 100, soon());
  EXPECT_EQ(stored, product);
}

TEST_F(Repository, RemoveLeavesATombstone) {
  const auto product = make_product("Fridge");
  ASSERT_TRUE(repository_->upsert(product, 100, soon()));
  EXPECT_TRUE(repository_->remove(product.id, 200, soon()));
  EXPECT_EQ(repository_->find_by_id(product.id, soon()), std::nullopt);
  EXPECT_FALSE(repository_->remove(product.id, 200, soon()));
  EXPECT_FALSE(repository_->remove(product.id, 300, soon()));
  EXPECT_FALSE(repository_->remove(ObjectId::generate(), 300, soon()));
  EXPECT_NE(raw(product.id).find("\"deleted\" : true"), std::string::npos) << raw(product.id);
}

TEST_F(Repository, ADeleteThenALateCreateStaysDeleted) {
  const auto product = make_product("Oven");
  EXPECT_FALSE(repository_->remove(product.id, 200, soon()));
  EXPECT_FALSE(repository_->upsert(product, 100, soon()));
  EXPECT_EQ(repository_->find_by_id(product.id, soon()), std::nullopt);
  // Not even a command issued after the delete brings it back.
  EXPECT_FALSE(repository_->upsert(product, 300, soon()));
  EXPECT_EQ(repository_->find_by_id(product.id, soon()), std::nullopt);
  EXPECT_TRUE(search_names("Oven").empty());
}

// Every order of the same commands, each applied twice, leaves the same document.
TEST_F(Repository, CommandsConvergeInAnyOrder) {
  const auto base = make_product("Lamp");
  const auto with_id = [](Product product, const ObjectId& id) {
    product.id = id;
    return product;
  };
  using Command = std::function<void(const ObjectId&)>;
  const Command create = [&](const ObjectId& id) { repository_->upsert(with_id(base, id), 100, soon()); };
  const Command update = [&](const ObjectId& id) {
    repository_->upsert(with_id(edited(base, "Lamp v2", kEpoch + 1s), id), 200, soon());
  };
  const Command later_update = [&](const ObjectId& id) {
    repository_->upsert(with_id(edited(base, "Lamp v3", kEpoch + 2s), id), 300, soon());
  };
  const Command remove = [&](const ObjectId& id) { repository_->remove(id, 400, soon()); };
  const Command later_remove = [&](const ObjectId& id) { repository_->remove(id, 500, soon()); };

  const auto converge = [&](const std::vector<Command>& commands) {
    std::vector<std::size_t> order(commands.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::string expected;
    do {
      const auto id = ObjectId::generate();
      for (const auto i : order) commands[i](id);
      for (const auto i : order) commands[i](id);
      const auto state = raw(id);
      if (expected.empty()) expected = state;
      EXPECT_EQ(state, expected) << "commands " << ::testing::PrintToString(order);
    } while (std::next_permutation(order.begin(), order.end()));
    return expected;
  };

  const auto live = converge({create, update, later_update});
  EXPECT_NE(live.find("Lamp v3"), std::string::npos) << live;
  EXPECT_NE(live.find("2025-06-15T15:06:40Z"), std::string::npos) << "kEpoch, the create's createdAt: " << live;
  const auto deleted = converge({create, later_update, remove, later_remove});
  EXPECT_NE(deleted.find("\"deleted\" : true"), std::string::npos) << deleted;
  EXPECT_NE(deleted.find("\"version\" : 500"), std::string::npos) << deleted;
}

// FerretDB would lose the newest write here without the repository's per-product locks.
TEST_F(Repository, ConcurrentWritesKeepTheNewestVersion) {
  constexpr int kWriters = 6;
  for (int round = 0; round < 10; ++round) {
    const auto product = make_product("Race");
    const bool exists = round % 2 == 1;
    if (exists) {
      ASSERT_TRUE(repository_->upsert(product, 0, soon()));
    }
    std::latch start(kWriters);
    std::vector<std::thread> writers;
    for (int w = 1; w <= kWriters; ++w) {
      writers.emplace_back([&, w] {
        start.arrive_and_wait();
        repository_->upsert(edited(product, "Race v" + std::to_string(w), kEpoch + std::chrono::seconds(w)), w,
                            soon());
      });
    }
    for (auto& writer : writers) writer.join();
    const auto stored = repository_->find_by_id(product.id, soon());
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->fields.name, "Race v" + std::to_string(kWriters)) << "round " << round << ", exists " << exists;
  }
}

TEST_F(Repository, SearchPagesNewestFirst) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    const auto name = "Item " + std::to_string(i);
    ASSERT_TRUE(repository_->upsert(make_product(name, "paged", kEpoch + std::chrono::minutes(i)), 1, soon()));
    expected.insert(expected.begin(), name);
  }
  std::vector<std::string> seen;
  for (std::int64_t page = 1; page <= 3; ++page) {
    const auto result = repository_->search(SearchQuery::make("", page, 10), soon());
    EXPECT_EQ(result.total_count, 25);
    EXPECT_EQ(result.total_pages(), 3);
    EXPECT_EQ(result.page, page);
    EXPECT_EQ(result.size, 10);
    EXPECT_EQ(result.has_more(), page < 3);
    EXPECT_EQ(result.products.size(), page < 3 ? 10u : 5u);
    for (const auto& name : names(result)) seen.push_back(name);
  }
  EXPECT_EQ(seen, expected);

  const auto past_end = repository_->search(SearchQuery::make("", 4, 10), soon());
  EXPECT_EQ(past_end.total_count, 25);
  EXPECT_TRUE(past_end.products.empty());
  // The page is fetched while the count runs: a skip past any catalog must come back empty.
  const auto huge_skip = repository_->search(SearchQuery::make("", 1'000'000'000'000, 100), soon());
  EXPECT_EQ(huge_skip.total_count, 25);
  EXPECT_TRUE(huge_skip.products.empty());
  // The last page SearchQuery accepts: its skip still fits in int64.
  const auto far_past_end = repository_->search(SearchQuery::make("", SearchQuery::kMaxPage, 100), soon());
  EXPECT_TRUE(far_past_end.products.empty());
}

// With no second client free, the count and the page run one after the other on one client.
TEST_F(Repository, SearchPagesOnASingleClient) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(repository_->upsert(make_product("Solo " + std::to_string(i), "x", kEpoch + std::chrono::minutes(i)), 1,
                                    soon()));
  }
  auto config = config_;
  config.pool_max_size = 1;
  MongoClientPool single(config);
  MongoProductRepository repository(single);
  const auto page = repository.search(SearchQuery::make("solo", 2, 2), soon());
  EXPECT_EQ(page.total_count, 5);
  EXPECT_EQ(names(page), (std::vector<std::string>{"Solo 2", "Solo 1"}));
  const auto past_end = repository.search(SearchQuery::make("solo", 4, 2), soon());
  EXPECT_EQ(past_end.total_count, 5);
  EXPECT_TRUE(past_end.products.empty());
}

TEST_F(Repository, SearchTiesOnCreatedAtBreakByIdNewestFirst) {
  const auto first = make_product("Twin one");
  const auto second = make_product("Twin two");  // generated later, so a greater id
  ASSERT_TRUE(repository_->upsert(second, 1, soon()));
  ASSERT_TRUE(repository_->upsert(first, 1, soon()));
  EXPECT_EQ(search_names("Twin"), (std::vector<std::string>{"Twin two", "Twin one"}));
}

TEST_F(Repository, SearchMatchesNameOrDescriptionCaseInsensitively) {
  ASSERT_TRUE(repository_->upsert(make_product("Red Kettle", "boils water", kEpoch + 1s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Teapot", "pairs with a KETTLE", kEpoch + 2s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Ärgerlich", "ÜBER alles", kEpoch + 3s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Mug", "holds tea", kEpoch + 4s), 1, soon()));
  EXPECT_EQ(search_names("kettle"), (std::vector<std::string>{"Teapot", "Red Kettle"}));
  EXPECT_EQ(search_names("ärger"), std::vector<std::string>{"Ärgerlich"});
  EXPECT_EQ(search_names("über"), std::vector<std::string>{"Ärgerlich"});
  EXPECT_EQ(repository_->search(SearchQuery::make("kettle", 1, 10), soon()).total_count, 2);
  EXPECT_TRUE(search_names("toaster").empty());
}

TEST_F(Repository, SearchTakesTheTextLiterally) {
  ASSERT_TRUE(repository_->upsert(make_product("Dot star .* deal", "x", kEpoch + 1s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Paren ( open", "x", kEpoch + 2s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Operator", "try $where here", kEpoch + 3s), 1, soon()));
  ASSERT_TRUE(repository_->upsert(make_product("Plain", "nothing special", kEpoch + 4s), 1, soon()));
  EXPECT_EQ(search_names(".*"), std::vector<std::string>{"Dot star .* deal"});
  EXPECT_EQ(search_names("("), std::vector<std::string>{"Paren ( open"});
  EXPECT_EQ(search_names("$where"), std::vector<std::string>{"Operator"});
  EXPECT_TRUE(search_names("{\"$ne\": null}").empty());
  EXPECT_TRUE(search_names("P.ain").empty());
  EXPECT_TRUE(search_names(std::string("nul\0", 4)).empty());
  EXPECT_TRUE(search_names("\xff\xfe").empty());
}

TEST_F(Repository, SearchLeavesOutDeletedProducts) {
  const auto kept = make_product("Chair kept");
  const auto gone = make_product("Chair gone");
  ASSERT_TRUE(repository_->upsert(kept, 1, soon()));
  ASSERT_TRUE(repository_->upsert(gone, 1, soon()));
  ASSERT_TRUE(repository_->remove(gone.id, 2, soon()));
  EXPECT_EQ(search_names("chair"), std::vector<std::string>{"Chair kept"});
  EXPECT_EQ(repository_->search(SearchQuery::make("", 1, 10), soon()).total_count, 1);
}

// A document as the original Go service wrote it: no version, int32 numbers, null photos.
TEST_F(Repository, ReadsAndUpdatesDocumentsOfTheOriginalService) {
  const auto id = ObjectId::generate();
  BsonDocument legacy;
  auto* d = legacy.get();
  ProductDocument::append_id(d, "_id", id);
  ProductDocument::append_id(d, "categoryId", id);
  bson_append_utf8(d, "name", -1, "Legacy", -1);
  bson_append_utf8(d, "description", -1, "from the Go service", -1);
  bson_append_double(d, "price", -1, 1.5);
  bson_append_null(d, "photos", -1);
  bson_append_int64(d, "quantity", -1, 1);
  bson_append_int32(d, "rating", -1, 2);
  bson_append_date_time(d, "createdAt", -1, 1000);
  bson_append_date_time(d, "updatedAt", -1, 1000);
  {
    const MongoOperation op(*pool_, "insert", soon());
    bson_error_t error;
    ASSERT_TRUE(mongoc_collection_insert_one(op.collection(), d, nullptr, nullptr, &error)) << error.message;
  }
  const auto found = repository_->find_by_id(id, soon());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->fields.rating, 2);
  EXPECT_EQ(search_names("legacy"), std::vector<std::string>{"Legacy"});

  auto update = make_product("Legacy updated");
  update.id = id;
  EXPECT_TRUE(repository_->upsert(update, 1, soon()));
  const auto stored = repository_->find_by_id(id, soon());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields.name, "Legacy updated");
  EXPECT_EQ(stored->created_at, Timestamp(1000ms));
}

TEST_F(Repository, AnExpiredDeadlineFailsFast) {
  const auto product = make_product("Late");
  const std::vector<std::function<void()>> calls = {
      [&] { repository_->upsert(product, 1, expired()); },
      [&] { repository_->replace_existing(product, 1, expired()); },
      [&] { repository_->remove(product.id, 1, expired()); },
      [&] { repository_->find_by_id(product.id, expired()); },
      [&] { repository_->search(SearchQuery::make("x", 1, 10), expired()); },
      [&] { repository_->ping(expired()); },
  };
  for (std::size_t i = 0; i < calls.size(); ++i) {
    try {
      calls[i]();
      ADD_FAILURE() << "call " << i << " did not fail";
    } catch (const domain::Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::DeadlineExceeded) << "call " << i;
    }
  }
  EXPECT_EQ(raw(product.id), "absent");
}

TEST_F(Repository, PingsTheServer) {
  EXPECT_NO_THROW(repository_->ping(soon()));

  auto config = config_;
  config.uri = "mongodb://127.0.0.1:1";
  config.server_selection_timeout = 200ms;
  MongoClientPool unreachable(config);
  try {
    MongoProductRepository(unreachable).ping(soon());
    FAIL() << "pinged port 1";
  } catch (const domain::Error& e) {
    EXPECT_TRUE(e.transient()) << e.what();
  }
}

}  // namespace
}  // namespace products::adapters::mongo
