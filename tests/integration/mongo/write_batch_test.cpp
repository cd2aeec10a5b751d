// write_batch: bulk writes keep every guarantee of the single writes.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "integration/mongo/repository_fixture.hpp"

namespace products::adapters::mongo {
namespace {

using domain::CommandType;
using domain::ErrorKind;
using domain::ObjectId;
using domain::Product;
using domain::SearchQuery;
using usecase::VersionedWrite;
using usecase::WriteOutcome;
using namespace std::chrono_literals;

VersionedWrite create(const Product& product, std::int64_t version) { return {CommandType::Create, product, version, {}}; }
VersionedWrite update(const Product& product, std::int64_t version) { return {CommandType::Update, product, version, {}}; }
VersionedWrite erase(const Product& product, std::int64_t version) { return {CommandType::Delete, product, version, {}}; }

class WriteBatch : public Repository {
 protected:
  std::vector<WriteOutcome> write(const std::vector<VersionedWrite>& writes) {
    auto outcomes = repository_->write_batch(writes, soon());
    EXPECT_EQ(outcomes.size(), writes.size());
    return outcomes;
  }

  // Each outcome's `changed`; a failed write fails the test.
  std::vector<bool> changed(const std::vector<VersionedWrite>& writes) {
    std::vector<bool> out;
    for (const auto& outcome : write(writes)) {
      if (outcome.error) {
        try {
          std::rethrow_exception(outcome.error);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "write failed: " << e.what();
        }
      }
      out.push_back(outcome.changed);
    }
    return out;
  }

  std::string name_of(const ObjectId& id) {
    const auto found = repository_->find_by_id(id, soon());
    return found ? found->fields.name : "absent";
  }

  std::int64_t live_count() { return repository_->search(SearchQuery::make("", 1, 1), soon()).total_count; }
};

std::vector<Product> products(int count, const std::string& prefix) {
  std::vector<Product> out;
  for (int i = 0; i < count; ++i) out.push_back(make_product(prefix + " " + std::to_string(i)));
  return out;
}

TEST_F(WriteBatch, AppliesCreatesUpdatesAndDeletesAndSaysWhatChangedForEach) {
  const auto live = make_product("Live");
  const auto newer = make_product("Newer");
  const auto tombstoned = make_product("Tombstoned");
  ASSERT_TRUE(repository_->upsert(live, 100, soon()));
  ASSERT_TRUE(repository_->upsert(newer, 900, soon()));
  ASSERT_FALSE(repository_->remove(tombstoned.id, 900, soon()));
  const auto fresh = make_product("Fresh");
  const auto updated_first = make_product("Updated before its create");
  const auto unknown = make_product("Unknown");
  const auto renamed = edited(live, "Live v2", kEpoch + 1s);

  const std::vector<VersionedWrite> writes = {
      update(edited(tombstoned, "Zombie", kEpoch + 1s), 500),  // no resurrection
      create(fresh, 500),
      erase(unknown, 500),                                   // nothing live to delete
      update(renamed, 500),                                  // replaces an older version
      update(edited(newer, "Stale", kEpoch + 1s), 500),      // older than what is stored
      update(updated_first, 500),                            // inserts
      erase(newer, 950),
  };
  EXPECT_EQ(changed(writes), (std::vector<bool>{false, true, false, true, false, true, true}));

  EXPECT_EQ(repository_->find_by_id(fresh.id, soon()), fresh);
  EXPECT_EQ(name_of(tombstoned.id), "absent");
  EXPECT_EQ(name_of(unknown.id), "absent");
  EXPECT_NE(raw(unknown.id).find("\"deleted\" : true"), std::string::npos) << raw(unknown.id);
  const auto stored = repository_->find_by_id(live.id, soon());
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->fields, renamed.fields);
  EXPECT_EQ(stored->created_at, live.created_at);
  EXPECT_EQ(name_of(updated_first.id), "Updated before its create");
  EXPECT_EQ(name_of(newer.id), "absent");
}

TEST_F(WriteBatch, AProductsWritesApplyInTheOrderGiven) {
  const auto first = make_product("First", "x", kEpoch);
  const auto second = make_product("Second", "x", kEpoch);
  const auto third = make_product("Third", "x", kEpoch + 10s);
  const auto changes = changed({
      create(first, 100),
      update(edited(first, "First v2", kEpoch + 1s), 200),
      create(second, 100),
      erase(first, 300),
      update(edited(second, "Second v2", kEpoch + 1s), 200),
      update(edited(first, "First v4", kEpoch + 2s), 400),
      update(edited(second, "Second v3", kEpoch + 2s), 300),
      // An update applied before its create: the create, older, dates the product back.
      update(edited(third, "Third v2", kEpoch + 20s), 200),
      create(third, 100),
  });
  EXPECT_EQ(changes, (std::vector<bool>{true, true, true, true, true, false, true, true, true}));
  EXPECT_EQ(name_of(first.id), "absent");
  EXPECT_EQ(name_of(second.id), "Second v3");
  const auto dated = repository_->find_by_id(third.id, soon());
  ASSERT_TRUE(dated);
  EXPECT_EQ(dated->fields.name, "Third v2");
  EXPECT_EQ(dated->created_at, kEpoch + 10s);
  EXPECT_EQ(dated->updated_at, kEpoch + 20s);
}

TEST_F(WriteBatch, ReplayingABatchChangesNothing) {
  const auto batch = products(40, "Replayed");
  std::vector<VersionedWrite> writes;
  for (const auto& product : batch) writes.push_back(create(product, 100));
  for (std::size_t i = 0; i < batch.size(); i += 2) writes.push_back(update(edited(batch[i], "Edited", kEpoch + 1s), 200));
  for (std::size_t i = 0; i < batch.size(); i += 5) writes.push_back(erase(batch[i], 300));
  changed(writes);
  std::vector<std::string> before;
  for (const auto& product : batch) before.push_back(raw(product.id));

  for (const auto changes : changed(writes)) EXPECT_FALSE(changes);
  for (std::size_t i = 0; i < batch.size(); ++i) EXPECT_EQ(raw(batch[i].id), before[i]) << i;
  EXPECT_EQ(live_count(), 32);
}

TEST_F(WriteBatch, ADeletedProductStaysDeleted) {
  const auto product = make_product("Gone");
  EXPECT_EQ(changed({erase(product, 200)}), std::vector<bool>{false});
  EXPECT_EQ(changed({create(product, 100), update(edited(product, "Back", kEpoch + 1s), 300)}),
                    (std::vector<bool>{false, false}));
  EXPECT_EQ(name_of(product.id), "absent");
  // A later delete takes the tombstone's version; an older one changes nothing.
  EXPECT_EQ(changed({erase(product, 400), erase(product, 350)}), (std::vector<bool>{false, false}));
  EXPECT_NE(raw(product.id).find("\"version\" : 400"), std::string::npos) << raw(product.id);
}

TEST_F(WriteBatch, AnOlderVersionChangesNothing) {
  const auto product = make_product("Kept");
  ASSERT_TRUE(repository_->upsert(product, 200, soon()));
  const auto before = raw(product.id);
  EXPECT_EQ(changed({create(product, 200), update(edited(product, "Stale", kEpoch + 1s), 100)}),
            (std::vector<bool>{false, false}));
  EXPECT_EQ(raw(product.id), before);
}

// A product inserted whole by a create is stored exactly as the single upsert stores it.
TEST_F(WriteBatch, StoresACreateAsTheSingleWriteDoes) {
  const auto product = make_product("Twin");
  auto twin = product;
  twin.id = ObjectId::generate();
  ASSERT_TRUE(repository_->upsert(twin, 100, soon()));
  EXPECT_EQ(changed({create(product, 100)}), std::vector<bool>{true});
  EXPECT_EQ(raw(product.id), raw(twin.id));
}

// FerretDB stops an update command at its first collision: the writes around it still apply.
TEST_F(WriteBatch, ACollisionAmidOthersLeavesTheOthersApplied) {
  auto batch = products(8, "Around");
  for (const auto& product : batch) ASSERT_TRUE(repository_->upsert(product, 100, soon()));
  ASSERT_TRUE(repository_->upsert(batch[4], 900, soon()));
  std::vector<VersionedWrite> writes;
  for (const auto& product : batch) writes.push_back(update(edited(product, "Renamed", kEpoch + 1s), 500));
  const auto outcomes = write(writes);
  EXPECT_FALSE(outcomes[4].changed);
  // Those after the collision are settled on their own; those before may have been applied by
  // the command that failed, and then read as unchanged.
  for (std::size_t i = 5; i < batch.size(); ++i) EXPECT_TRUE(outcomes[i].changed) << i;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    EXPECT_FALSE(outcomes[i].error);
    EXPECT_EQ(name_of(batch[i].id), i == 4 ? batch[i].fields.name : "Renamed") << i;
  }
}

// More writes than one command carries: inserts and updates go in several commands.
TEST_F(WriteBatch, AThousandWritesInOneBatch) {
  const auto batch = products(1000, "Bulk");
  std::vector<VersionedWrite> writes;
  for (const auto& product : batch) writes.push_back(create(product, 100));
  for (const auto changes : changed(writes)) EXPECT_TRUE(changes);
  EXPECT_EQ(live_count(), 1000);

  writes.clear();
  for (std::size_t i = 0; i < 40; ++i) writes.push_back(update(edited(batch[i], "Bulk edited", kEpoch + 1s), 200));
  for (std::size_t i = 40; i < 50; ++i) writes.push_back(erase(batch[i], 200));
  for (const auto changes : changed(writes)) EXPECT_TRUE(changes);
  EXPECT_EQ(live_count(), 990);
  EXPECT_EQ(repository_->search(SearchQuery::make("bulk edited", 1, 1), soon()).total_count, 40);
  EXPECT_EQ(name_of(batch[39].id), "Bulk edited");
  EXPECT_EQ(name_of(batch[49].id), "absent");
  EXPECT_EQ(name_of(batch[50].id), "Bulk 50");
}

// Batches from several threads and single writes, all to the same products: the newest wins.
TEST_F(WriteBatch, ConcurrentBatchesKeepTheNewestVersion) {
  constexpr int kWriters = 6;
  const auto batch = products(16, "Race");
  std::vector<std::thread> writers;
  for (int w = 1; w <= kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::vector<VersionedWrite> writes;
      for (const auto& product : batch) {
        writes.push_back(update(edited(product, "Race v" + std::to_string(w), kEpoch + std::chrono::seconds(w)), w));
      }
      if (w % 2 == 0) {
        for (const auto& write : writes) repository_->upsert(write.product, write.version, soon());
      } else {
        for (const auto& outcome : repository_->write_batch(writes, soon())) EXPECT_FALSE(outcome.error);
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (const auto& product : batch) EXPECT_EQ(name_of(product.id), "Race v" + std::to_string(kWriters));
}

TEST_F(WriteBatch, AnUnreachableServerFailsEveryWriteTransiently) {
  auto config = config_;
  config.uri = "mongodb://127.0.0.1:1";
  config.server_selection_timeout = 200ms;
  MongoClientPool unreachable(config);
  MongoProductRepository repository(unreachable);
  std::vector<VersionedWrite> writes;
  for (const auto& product : products(40, "Lost")) {
    writes.push_back(create(product, 100));
    writes.push_back(update(product, 200));
  }
  const auto started = std::chrono::steady_clock::now();
  const auto outcomes = repository.write_batch(writes, soon());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "the batch waited for the server once per command";
  ASSERT_EQ(outcomes.size(), writes.size());
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.error);
    try {
      std::rethrow_exception(outcome.error);
    } catch (const domain::Error& e) {
      EXPECT_TRUE(e.transient()) << e.what();
    }
  }
}

TEST_F(WriteBatch, AnExpiredDeadlineFailsEveryWrite) {
  const auto product = make_product("Late");
  const std::vector<VersionedWrite> writes = {create(product, 1), erase(product, 2)};
  const auto outcomes = repository_->write_batch(writes, expired());
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.error);
    try {
      std::rethrow_exception(outcome.error);
    } catch (const domain::Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::DeadlineExceeded);
    }
  }
  EXPECT_EQ(raw(product.id), "absent");
}

TEST_F(WriteBatch, AnEmptyBatchWritesNothing) { EXPECT_TRUE(write({}).empty()); }

}  // namespace
}  // namespace products::adapters::mongo
