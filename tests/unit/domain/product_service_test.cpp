#include "usecase/product_service.hpp"

#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/error.hpp"
#include "domain/idempotency_key.hpp"
#include "support/fakes/counting_cache_observer.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "support/fakes/fake_product_cache.hpp"
#include "support/fakes/fake_product_repository.hpp"
#include "support/fakes/flaky_write_repository.hpp"
#include "support/fakes/sample_product.hpp"

namespace products::usecase {
namespace {

using namespace std::chrono_literals;
using domain::CommandType;
using domain::Deadline;
using domain::Error;
using domain::ErrorKind;
using domain::ObjectId;
using domain::Product;
using domain::ProductCommand;
using products::testing::FlakyWriteRepository;
using products::testing::sample_product;
using products::testing::valid_fields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ProductServiceTest : public ::testing::Test {
 protected:
  static Deadline deadline() { return Deadline::after(5s); }

  ErrorKind kind_of(const std::function<void()>& call) {
    try {
      call();
    } catch (const Error& e) {
      last_message_ = e.what();
      return e.kind();
    }
    ADD_FAILURE() << "expected a domain::Error";
    return ErrorKind::Internal;
  }

  ProductCommand command(CommandType type, const Product& product, std::int64_t version) {
    ProductCommand c;
    c.type = type;
    c.product = product;
    c.version = version;
    return c;
  }

  // Applies one command as a batch of one; its failure is thrown.
  ProductService::ApplyResult apply(const ProductCommand& c) {
    const auto outcomes = service_.apply_batch({&c, 1}, deadline());
    EXPECT_EQ(outcomes.size(), 1u);
    if (outcomes.front().error) std::rethrow_exception(outcomes.front().error);
    return outcomes.front().result;
  }

  products::testing::FakeProductRepository repository_;
  products::testing::FakeProductCache cache_;
  products::testing::FakeCommandPublisher publisher_;
  products::testing::CountingCacheObserver observer_;
  products::testing::FakeIdempotencyStore idempotency_;
  ProductService service_{repository_, cache_, publisher_, observer_, idempotency_};
  std::string last_message_;
};

// ---- get_by_id: cache-aside ----

TEST_F(ProductServiceTest, CacheHitIsServedWithoutTheRepository) {
  auto cached = sample_product();
  cached.fields.name = "from the cache";
  cache_.entries[cached.id] = cached;
  repository_.seed(sample_product());

  EXPECT_EQ(service_.get_by_id(cached.id, deadline()), cached);
  EXPECT_EQ(repository_.count("find_by_id"), 0u);
  EXPECT_EQ(observer_.hits, 1);
  EXPECT_EQ(observer_.misses, 0);
  EXPECT_EQ(cache_.puts, 0);
}

TEST_F(ProductServiceTest, CacheMissReadsTheRepositoryAndFillsTheCache) {
  const auto stored = sample_product();
  repository_.seed(stored);

  EXPECT_EQ(service_.get_by_id(stored.id, deadline()), stored);
  EXPECT_EQ(repository_.count("find_by_id"), 1u);
  EXPECT_EQ(observer_.misses, 1);
  EXPECT_EQ(observer_.hits, 0);
  ASSERT_TRUE(cache_.entries.contains(stored.id));
  EXPECT_EQ(cache_.entries.at(stored.id), stored);

  // The second read is the cache's.
  EXPECT_EQ(service_.get_by_id(stored.id, deadline()), stored);
  EXPECT_EQ(repository_.count("find_by_id"), 1u);
  EXPECT_EQ(observer_.hits, 1);
}

// After the fast path's miss: the store's product, cached, and the cache not asked again.
TEST_F(ProductServiceTest, GetAfterMissReadsTheRepositoryAndFillsTheCacheWithoutAskingIt) {
  const auto stored = sample_product();
  repository_.seed(stored);

  EXPECT_EQ(service_.get_after_miss(stored.id, deadline()), stored);
  EXPECT_EQ(cache_.gets, 0);
  EXPECT_EQ(repository_.count("find_by_id"), 1u);
  EXPECT_EQ(observer_.misses, 1);
  ASSERT_TRUE(cache_.entries.contains(stored.id));
  EXPECT_EQ(cache_.entries.at(stored.id), stored);
}

TEST_F(ProductServiceTest, GetAfterMissOfUnknownIdIsNotFoundAndCachesNothing) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(kind_of([&] { service_.get_after_miss(id, deadline()); }), ErrorKind::NotFound);
  EXPECT_EQ(cache_.puts, 0);
  EXPECT_EQ(observer_.misses, 1);
}

TEST_F(ProductServiceTest, UnknownIdIsNotFoundAndNothingIsCached) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(kind_of([&] { service_.get_by_id(id, deadline()); }), ErrorKind::NotFound);
  EXPECT_THAT(last_message_, HasSubstr(id.hex()));
  EXPECT_EQ(cache_.puts, 0);
  EXPECT_EQ(observer_.misses, 1);
}

TEST_F(ProductServiceTest, FailingCacheReadFallsThroughToTheRepository) {
  const auto stored = sample_product();
  repository_.seed(stored);
  cache_.fail_get = true;

  EXPECT_EQ(service_.get_by_id(stored.id, deadline()), stored);
  EXPECT_EQ(observer_.unavailables, 1);
  // An unreachable cache is neither a hit nor a miss: the hit ratio must not be skewed by outages.
  EXPECT_EQ(observer_.hits, 0);
  EXPECT_EQ(observer_.misses, 0);
}

TEST_F(ProductServiceTest, FailingCacheWriteStillReturnsTheProduct) {
  const auto stored = sample_product();
  repository_.seed(stored);
  cache_.fail_put = true;

  EXPECT_EQ(service_.get_by_id(stored.id, deadline()), stored);
  EXPECT_EQ(observer_.misses, 1);
  EXPECT_EQ(observer_.unavailables, 1);
}

TEST_F(ProductServiceTest, CacheCompletelyDownStillServesReadsAndCountsIt) {
  const auto stored = sample_product();
  repository_.seed(stored);
  cache_.fail_everything();

  EXPECT_EQ(service_.get_by_id(stored.id, deadline()), stored);
  // Once get failed, put is not tried: one failure counted, no second timeout paid.
  EXPECT_EQ(observer_.unavailables, 1);
  EXPECT_EQ(observer_.hits + observer_.misses, 0);
}

TEST_F(ProductServiceTest, CacheDownAndUnknownIdIsStillNotFound) {
  cache_.fail_everything();
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(kind_of([&] { service_.get_by_id(id, deadline()); }), ErrorKind::NotFound);
  EXPECT_GE(observer_.unavailables, 1);
}

TEST_F(ProductServiceTest, RepositoryFailureOnReadIsNotHidden) {
  repository_.fail_with = Error::unavailable("mongo down");
  EXPECT_EQ(kind_of([&] { service_.get_by_id(sample_product().id, deadline()); }), ErrorKind::Unavailable);
}

// ---- apply_batch: the consumer's path ----

TEST_F(ProductServiceTest, ApplyCreateUpsertsWithTheCommandsVersion) {
  const auto product = sample_product();
  EXPECT_EQ(apply(command(CommandType::Create, product, 1000)),
            ProductService::ApplyResult::Applied);
  ASSERT_EQ(repository_.calls.size(), 1u);
  EXPECT_EQ(repository_.calls[0].op, "upsert");
  EXPECT_EQ(repository_.calls[0].id, product.id);
  EXPECT_EQ(repository_.calls[0].version, 1000);
  EXPECT_EQ(repository_.store.at(product.id).product, product);
}

TEST_F(ProductServiceTest, ApplyUpdateUpsertsAndInvalidatesTheCache) {
  const auto old_product = sample_product();
  repository_.seed(old_product, 1000);
  cache_.entries[old_product.id] = old_product;
  auto newer = sample_product(old_product.id.hex(), "Renamed cup");

  EXPECT_EQ(apply(command(CommandType::Update, newer, 2000)),
            ProductService::ApplyResult::Applied);
  EXPECT_EQ(repository_.calls.back().op, "upsert");
  EXPECT_EQ(repository_.calls.back().version, 2000);
  EXPECT_EQ(repository_.store.at(old_product.id).product.fields.name, "Renamed cup");
  EXPECT_THAT(cache_.invalidated, ElementsAre(old_product.id));
  EXPECT_FALSE(cache_.entries.contains(old_product.id));
}

TEST_F(ProductServiceTest, ApplyDeleteRemovesWithTheCommandsVersionAndInvalidates) {
  const auto product = sample_product();
  repository_.seed(product, 1000);
  cache_.entries[product.id] = product;

  EXPECT_EQ(apply(command(CommandType::Delete, product, 3000)),
            ProductService::ApplyResult::Applied);
  EXPECT_EQ(repository_.calls.back().op, "remove");
  EXPECT_EQ(repository_.calls.back().id, product.id);
  EXPECT_EQ(repository_.calls.back().version, 3000);
  EXPECT_EQ(repository_.count("upsert"), 0u);
  EXPECT_THAT(cache_.invalidated, ElementsAre(product.id));
  // A read after the delete must not be answered from a stale cache entry.
  EXPECT_EQ(kind_of([&] { service_.get_by_id(product.id, deadline()); }), ErrorKind::NotFound);
}

TEST_F(ProductServiceTest, ApplyThatChangesNothingIsIgnoredButStillInvalidates) {
  const auto product = sample_product();
  repository_.seed(product, 5000);

  // An older update: the repository refuses it.
  EXPECT_EQ(apply(command(CommandType::Update, product, 4000)),
            ProductService::ApplyResult::Ignored);
  // A delete of a product that never existed.
  const auto unknown = sample_product("0123456789abcdef01234567");
  EXPECT_EQ(apply(command(CommandType::Delete, unknown, 6000)),
            ProductService::ApplyResult::Ignored);
  // A replay after a crash may follow a write whose invalidation was lost.
  EXPECT_THAT(cache_.invalidated, ElementsAre(product.id, unknown.id));
}

TEST_F(ProductServiceTest, ApplyingTheSameCommandTwiceIsIgnoredTheSecondTime) {
  const auto c = command(CommandType::Create, sample_product(), 1000);
  EXPECT_EQ(apply(c), ProductService::ApplyResult::Applied);
  EXPECT_EQ(apply(c), ProductService::ApplyResult::Ignored);
  EXPECT_EQ(repository_.store.size(), 1u);
}

TEST_F(ProductServiceTest, ApplySucceedsWhenTheCacheCannotBeInvalidated) {
  cache_.fail_invalidate = true;
  EXPECT_EQ(apply(command(CommandType::Create, sample_product(), 1000)),
            ProductService::ApplyResult::Applied);
  EXPECT_EQ(observer_.unavailables, 1);
}

// The consumer decides between retrying and dead-lettering by the error's kind; it must see it.
TEST_F(ProductServiceTest, ApplyPassesRepositoryFailuresOn) {
  repository_.fail_with = Error::unavailable("mongo down");
  EXPECT_EQ(kind_of([&] { apply(command(CommandType::Create, sample_product(), 1)); }),
            ErrorKind::Unavailable);
  repository_.fail_with = Error::deadline_exceeded("slow");
  EXPECT_EQ(kind_of([&] { apply(command(CommandType::Delete, sample_product(), 1)); }),
            ErrorKind::DeadlineExceeded);
}

TEST_F(ProductServiceTest, ApplyBatchWritesEveryCommandInOneBatchAndInvalidatesOnce) {
  FlakyWriteRepository batches(repository_);
  ProductService service(batches, cache_, publisher_, observer_, idempotency_);
  const auto a = sample_product("65a1b2c3d4e5f60718293a01", "A");
  const auto b = sample_product("65a1b2c3d4e5f60718293a02", "B");
  repository_.seed(b, 5000);
  std::vector<ProductCommand> commands{
      command(CommandType::Create, a, 1000),
      command(CommandType::Update, b, 4000),  // older than what is stored
      command(CommandType::Update, sample_product(a.id.hex(), "A renamed"), 2000),
      command(CommandType::Delete, b, 6000),
  };
  commands[2].trace = {"00-trace-of-the-rename-01", "k=v"};

  const auto outcomes = service.apply_batch(commands, deadline());
  ASSERT_EQ(outcomes.size(), 4u);
  for (const auto& outcome : outcomes) EXPECT_EQ(outcome.error, nullptr);
  EXPECT_EQ(outcomes[0].result, ProductService::ApplyResult::Applied);
  EXPECT_EQ(outcomes[1].result, ProductService::ApplyResult::Ignored);
  EXPECT_EQ(outcomes[2].result, ProductService::ApplyResult::Applied);
  EXPECT_EQ(outcomes[3].result, ProductService::ApplyResult::Applied);

  // One repository call with the commands' types, products and versions, in their order.
  const auto written = batches.batches();
  ASSERT_EQ(written.size(), 1u);
  ASSERT_EQ(written[0].size(), 4u);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    EXPECT_EQ(written[0][i].type, commands[i].type);
    EXPECT_EQ(written[0][i].product.id, commands[i].product.id);
    EXPECT_EQ(written[0][i].version, commands[i].version);
    // Each write names its command's trace, so that the store's span joins it.
    EXPECT_EQ(written[0][i].trace.traceparent, commands[i].trace.traceparent);
    EXPECT_EQ(written[0][i].trace.tracestate, commands[i].trace.tracestate);
  }
  EXPECT_EQ(repository_.store.at(a.id).product.fields.name, "A renamed");
  EXPECT_TRUE(repository_.store.at(b.id).deleted);
  // One cache call, each product once, the ignored write's too.
  EXPECT_EQ(cache_.invalidate_many_calls, 1);
  EXPECT_THAT(cache_.invalidated, ::testing::UnorderedElementsAre(a.id, b.id));
}

TEST_F(ProductServiceTest, ApplyBatchFailsOnlyTheCommandsWhoseWritesFailed) {
  FlakyWriteRepository flaky(repository_);
  ProductService service(flaky, cache_, publisher_, observer_, idempotency_);
  const auto fine = sample_product("65a1b2c3d4e5f60718293a01");
  const auto down = sample_product("65a1b2c3d4e5f60718293a02");
  const auto broken = sample_product("65a1b2c3d4e5f60718293a03");
  flaky.fail(down.id, Error::unavailable("mongo down"), 1);
  flaky.fail(broken.id, Error::internal("constraint violated"), 1);

  const std::vector<ProductCommand> commands{command(CommandType::Create, down, 1000),
                                             command(CommandType::Create, fine, 1000),
                                             command(CommandType::Create, broken, 1000)};
  const auto outcomes = service.apply_batch(commands, deadline());
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(kind_of([&] { std::rethrow_exception(outcomes[0].error); }), ErrorKind::Unavailable);
  EXPECT_EQ(outcomes[1].error, nullptr);
  EXPECT_EQ(outcomes[1].result, ProductService::ApplyResult::Applied);
  EXPECT_EQ(kind_of([&] { std::rethrow_exception(outcomes[2].error); }), ErrorKind::Internal);
  EXPECT_TRUE(repository_.store.contains(fine.id));
  EXPECT_FALSE(repository_.store.contains(down.id));
  // Only what was written is invalidated; a failed write is applied (and invalidated) on retry.
  EXPECT_THAT(cache_.invalidated, ElementsAre(fine.id));

  const auto retried = service.apply_batch(std::span(commands).first(1), deadline());
  EXPECT_EQ(retried.at(0).error, nullptr);
  EXPECT_TRUE(repository_.store.contains(down.id));
}

TEST_F(ProductServiceTest, ApplyBatchSucceedsWhenTheCacheCannotBeInvalidated) {
  cache_.fail_invalidate = true;
  const std::vector<ProductCommand> commands{command(CommandType::Create, sample_product(), 1000)};
  const auto outcomes = service_.apply_batch(commands, deadline());
  EXPECT_EQ(outcomes.at(0).error, nullptr);
  EXPECT_EQ(outcomes.at(0).result, ProductService::ApplyResult::Applied);
  EXPECT_EQ(observer_.unavailables, 1);
}

TEST_F(ProductServiceTest, ApplyBatchOfNothingCallsNoCache) {
  EXPECT_TRUE(service_.apply_batch({}, deadline()).empty());
  EXPECT_EQ(cache_.invalidate_many_calls, 0);
}

// ---- publish_*: the REST path ----

TEST_F(ProductServiceTest, PublishCreateReturnsTheIdOfThePublishedCommand) {
  std::optional<std::exception_ptr> outcome;
  const auto before = domain::version_now();
  const auto d = deadline();
  const auto id = service_.publish_create(valid_fields(), {"00-trace-span-01", "k=v"}, d,
                                          [&](std::exception_ptr e) { outcome = e; });
  const auto after = domain::version_now();

  ASSERT_EQ(publisher_.published.size(), 1u);
  const auto& published = publisher_.published[0];
  EXPECT_EQ(published.type, CommandType::Create);
  EXPECT_EQ(published.product.id, id);
  EXPECT_EQ(published.product.fields, valid_fields());
  EXPECT_EQ(published.trace.traceparent, "00-trace-span-01");
  EXPECT_EQ(published.trace.tracestate, "k=v");
  EXPECT_GE(published.version, before);
  EXPECT_LE(published.version, after);
  EXPECT_EQ(published.product.created_at, published.product.updated_at);
  EXPECT_EQ(publisher_.deadlines[0].at(), d.at());
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(*outcome, nullptr);
  // Nothing is written before the consumer applies the command.
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductServiceTest, PublishCreateGivesEveryProductANewId) {
  const auto first = service_.publish_create(valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  const auto second = service_.publish_create(valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  EXPECT_NE(first, second);
}

TEST_F(ProductServiceTest, PublishFailureReachesTheCompletion) {
  publisher_.fail_with = std::make_exception_ptr(Error::unavailable("broker timeout"));
  std::exception_ptr outcome;
  service_.publish_create(valid_fields(), {}, deadline(), [&](std::exception_ptr e) { outcome = e; });
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(kind_of([&] { std::rethrow_exception(outcome); }), ErrorKind::Unavailable);
}

TEST_F(ProductServiceTest, PublishUpdateCarriesTheIdFieldsAndTrace) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  auto fields = valid_fields("New name");
  service_.publish_update(id, fields, {"00-abc-def-01", ""}, deadline(), [](std::exception_ptr) {});
  ASSERT_EQ(publisher_.published.size(), 1u);
  const auto& published = publisher_.published[0];
  EXPECT_EQ(published.type, CommandType::Update);
  EXPECT_EQ(published.product.id, id);
  EXPECT_EQ(published.product.fields, fields);
  EXPECT_EQ(published.trace.traceparent, "00-abc-def-01");
  EXPECT_GT(published.version, 0);
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(ProductServiceTest, PublishDeleteCarriesTheIdAndTrace) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  service_.publish_delete(id, {"00-abc-def-01", ""}, deadline(), [](std::exception_ptr) {});
  ASSERT_EQ(publisher_.published.size(), 1u);
  EXPECT_EQ(publisher_.published[0].type, CommandType::Delete);
  EXPECT_EQ(publisher_.published[0].product.id, id);
  EXPECT_EQ(publisher_.published[0].trace.traceparent, "00-abc-def-01");
  EXPECT_GT(publisher_.published[0].version, 0);
}

// Commands of one product issued one after the other must carry growing versions, or the
// consumer would throw the later one away as stale; back to back, within one clock tick, too.
TEST_F(ProductServiceTest, LaterCommandsCarryLaterVersions) {
  const auto id = service_.publish_create(valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  service_.publish_update(id, valid_fields("Later"), {}, deadline(), [](std::exception_ptr) {});
  service_.publish_delete(id, {}, deadline(), [](std::exception_ptr) {});
  ASSERT_EQ(publisher_.published.size(), 3u);
  EXPECT_LT(publisher_.published[0].version, publisher_.published[1].version);
  EXPECT_LT(publisher_.published[1].version, publisher_.published[2].version);
}

// ---- keyed creates: Idempotency-Key ----

domain::IdempotencyKey key(std::string_view value) { return domain::IdempotencyKey::parse(value, "Idempotency-Key"); }

// A retry is the first attempt's very command, whatever became of that attempt, so that the
// versioned write absorbs whichever copy comes second.
TEST_F(ProductServiceTest, KeyedPublishCreateRetryPublishesTheFirstCommandAgain) {
  const auto first = service_.publish_create(key("order-1"), valid_fields(), {"00-a-b-01", ""}, deadline(),
                                             [](std::exception_ptr) {});
  const auto retry = service_.publish_create(key("order-1"), valid_fields(), {"00-c-d-01", ""}, deadline(),
                                             [](std::exception_ptr) {});
  EXPECT_EQ(retry, first);
  ASSERT_EQ(publisher_.published.size(), 2u);
  const auto& original = publisher_.published[0];
  const auto& again = publisher_.published[1];
  EXPECT_EQ(again.type, CommandType::Create);
  EXPECT_EQ(again.product, original.product);
  EXPECT_EQ(again.version, original.version);
  // Each attempt is traced as itself.
  EXPECT_EQ(again.trace.traceparent, "00-c-d-01");
  EXPECT_EQ(idempotency_.claims, 2);
}

TEST_F(ProductServiceTest, KeyedRetryIsStoredOnceWhicheverCopyIsAppliedFirst) {
  service_.publish_create(key("k"), valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  service_.publish_create(key("k"), valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  const std::vector<ProductCommand> reordered{publisher_.published[1], publisher_.published[0]};
  const auto outcomes = service_.apply_batch(reordered, deadline());
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].result, ProductService::ApplyResult::Applied);
  EXPECT_EQ(outcomes[1].result, ProductService::ApplyResult::Ignored);
  EXPECT_EQ(repository_.store.size(), 1u);
}

TEST_F(ProductServiceTest, DifferentKeysMakeDifferentProducts) {
  const auto a = service_.publish_create(key("a"), valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  const auto b = service_.publish_create(key("b"), valid_fields(), {}, deadline(), [](std::exception_ptr) {});
  EXPECT_NE(a, b);
}

TEST_F(ProductServiceTest, KeyReusedWithOtherFieldsIsConflictAndPublishesNothing) {
  service_.publish_create(key("k"), valid_fields("First"), {}, deadline(), [](std::exception_ptr) {});
  bool completed = false;
  EXPECT_EQ(kind_of([&] {
              service_.publish_create(key("k"), valid_fields("Second"), {}, deadline(),
                                      [&](std::exception_ptr) { completed = true; });
            }),
            ErrorKind::Conflict);
  EXPECT_THAT(last_message_, HasSubstr("\"k\""));
  EXPECT_FALSE(completed);
  EXPECT_EQ(publisher_.published.size(), 1u);
}

TEST_F(ProductServiceTest, KeyStoreFailurePublishesNothing) {
  idempotency_.fail_with = std::make_exception_ptr(Error::unavailable("mongo down"));
  EXPECT_EQ(kind_of([&] {
              service_.publish_create(key("k"), valid_fields(), {}, deadline(), [](std::exception_ptr) {});
            }),
            ErrorKind::Unavailable);
  EXPECT_TRUE(publisher_.published.empty());
}

TEST_F(ProductServiceTest, KeyedCreateRetryAnswersTheFirstProductAndStoresOne) {
  const auto first = service_.create(key("grpc-1"), valid_fields(), deadline());
  const auto retry = service_.create(key("grpc-1"), valid_fields(), deadline());
  EXPECT_EQ(retry, first);
  EXPECT_EQ(repository_.store.size(), 1u);
  EXPECT_EQ(repository_.store.at(first.id).product, first);
}

TEST_F(ProductServiceTest, KeyedCreateRetryDoesNotUndoALaterUpdate) {
  const auto first = service_.create(key("k"), valid_fields(), deadline());
  service_.update(first.id, valid_fields("Renamed"), deadline());
  service_.create(key("k"), valid_fields(), deadline());
  EXPECT_EQ(repository_.store.at(first.id).product.fields.name, "Renamed");
}

TEST_F(ProductServiceTest, KeyedCreateWithOtherFieldsIsConflict) {
  service_.create(key("k"), valid_fields("First"), deadline());
  EXPECT_EQ(kind_of([&] { service_.create(key("k"), valid_fields("Second"), deadline()); }), ErrorKind::Conflict);
  EXPECT_EQ(repository_.store.size(), 1u);
}

// ---- create / update / remove: the gRPC path ----

TEST_F(ProductServiceTest, CreateStoresAndReturnsTheNewProduct) {
  const auto before = domain::now_ms();
  const auto created = service_.create(valid_fields(), deadline());
  EXPECT_EQ(created.fields, valid_fields());
  EXPECT_GE(created.created_at, before);
  EXPECT_EQ(created.created_at, created.updated_at);
  ASSERT_TRUE(repository_.store.contains(created.id));
  EXPECT_EQ(repository_.store.at(created.id).product, created);
  EXPECT_GT(repository_.store.at(created.id).version, 0);
}

// One Create write in write_batch, so that a store can insert the new id in one round trip; no
// cache call, since nothing can be cached for a brand-new id.
TEST_F(ProductServiceTest, CreateIsOneCreateWriteOfABatch) {
  FlakyWriteRepository batches(repository_);
  ProductService service(batches, cache_, publisher_, observer_, idempotency_);
  const auto created = service.create(valid_fields(), deadline());
  const auto written = batches.batches();
  ASSERT_EQ(written.size(), 1u);
  ASSERT_EQ(written[0].size(), 1u);
  EXPECT_EQ(written[0][0].type, CommandType::Create);
  EXPECT_EQ(written[0][0].product, created);
  EXPECT_GT(written[0][0].version, 0);
  EXPECT_TRUE(cache_.invalidated.empty());
}

// write_batch never throws: the write's own error must reach the gRPC caller.
TEST_F(ProductServiceTest, CreateThrowsTheWritesError) {
  repository_.fail_with = Error::unavailable("mongo down");
  EXPECT_EQ(kind_of([&] { service_.create(valid_fields(), deadline()); }), ErrorKind::Unavailable);
  repository_.fail_with = Error::deadline_exceeded("slow");
  EXPECT_EQ(kind_of([&] { service_.create(valid_fields(), deadline()); }), ErrorKind::DeadlineExceeded);
  EXPECT_TRUE(repository_.store.empty());
}

TEST_F(ProductServiceTest, UpdateReplacesALiveProductAndInvalidatesTheCache) {
  const auto existing = sample_product();
  repository_.seed(existing);
  cache_.entries[existing.id] = existing;

  const auto updated = service_.update(existing.id, valid_fields("Renamed"), deadline());
  EXPECT_EQ(updated.id, existing.id);
  EXPECT_EQ(updated.fields.name, "Renamed");
  // createdAt is the stored one; only updatedAt moves.
  EXPECT_EQ(updated.created_at, existing.created_at);
  EXPECT_GT(updated.updated_at, existing.updated_at);
  EXPECT_EQ(repository_.calls.back().op, "replace_existing");
  EXPECT_THAT(cache_.invalidated, ElementsAre(existing.id));
  EXPECT_EQ(service_.get_by_id(existing.id, deadline()).fields.name, "Renamed");
}

TEST_F(ProductServiceTest, UpdateOfAMissingProductIsNotFoundAndCreatesNothing) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(kind_of([&] { service_.update(id, valid_fields(), deadline()); }), ErrorKind::NotFound);
  EXPECT_THAT(last_message_, HasSubstr(id.hex()));
  EXPECT_TRUE(repository_.store.empty());
}

TEST_F(ProductServiceTest, RemoveDeletesAndInvalidates) {
  const auto existing = sample_product();
  repository_.seed(existing);
  cache_.entries[existing.id] = existing;

  service_.remove(existing.id, deadline());
  EXPECT_TRUE(repository_.store.at(existing.id).deleted);
  EXPECT_THAT(cache_.invalidated, ElementsAre(existing.id));
  EXPECT_EQ(kind_of([&] { service_.get_by_id(existing.id, deadline()); }), ErrorKind::NotFound);
}

TEST_F(ProductServiceTest, RemoveOfAMissingProductIsNotFound) {
  const auto id = *ObjectId::parse("65a1b2c3d4e5f60718293a4b");
  EXPECT_EQ(kind_of([&] { service_.remove(id, deadline()); }), ErrorKind::NotFound);
  EXPECT_THAT(last_message_, HasSubstr(id.hex()));
}

TEST_F(ProductServiceTest, SyncWritesSucceedWhenTheCacheIsDown) {
  cache_.fail_everything();
  const auto created = service_.create(valid_fields(), deadline());
  EXPECT_NO_THROW(service_.update(created.id, valid_fields("Renamed"), deadline()));
  EXPECT_NO_THROW(service_.remove(created.id, deadline()));
  EXPECT_EQ(observer_.unavailables, 2);
}

// ---- invalidations that fail: remembered, skipped by reads, replayed ----

TEST_F(ProductServiceTest, AStaleEntryWhoseInvalidationFailedIsNeverServed) {
  const auto old = sample_product();
  repository_.seed(old);
  ASSERT_EQ(service_.get_by_id(old.id, deadline()), old);  // cached now
  cache_.fail_invalidate = true;
  const auto updated = service_.update(old.id, valid_fields("Renamed"), deadline());
  ASSERT_EQ(cache_.entries.at(old.id), old) << "the fake kept the stale entry, as an unreachable Redis does";
  EXPECT_EQ(observer_.deferred, 1u);
  EXPECT_EQ(observer_.pending_ids, 1u);

  // Redis answers again, but nothing has replayed the invalidation yet: still MongoDB's product.
  const auto gets = cache_.gets;
  const auto puts = cache_.puts;
  EXPECT_EQ(service_.get_by_id(old.id, deadline()).fields.name, "Renamed");
  EXPECT_EQ(cache_.gets, gets) << "the cache was asked for a product whose invalidation is pending";
  EXPECT_EQ(cache_.puts, puts) << "an entry the replay is about to delete was written";
  EXPECT_TRUE(service_.pending_invalidations().covers(old.id));
  EXPECT_EQ(updated.fields.name, "Renamed");
}

// A miss answered just before an update whose invalidation failed: the slow path must not cache
// the product the replay is about to delete.
TEST_F(ProductServiceTest, GetAfterMissPutsNothingWhileTheInvalidationIsPending) {
  const auto old = sample_product();
  repository_.seed(old);
  cache_.fail_invalidate = true;
  service_.update(old.id, valid_fields("Renamed"), deadline());
  ASSERT_TRUE(service_.pending_invalidations().covers(old.id));

  const auto puts = cache_.puts;
  EXPECT_EQ(service_.get_after_miss(old.id, deadline()).fields.name, "Renamed");
  EXPECT_EQ(cache_.puts, puts);
}

TEST_F(ProductServiceTest, ReplayDeletesTheStaleEntryAndThenTheCacheServesAgain) {
  const auto old = sample_product();
  repository_.seed(old);
  ASSERT_EQ(service_.get_by_id(old.id, deadline()), old);
  cache_.fail_invalidate = true;
  service_.update(old.id, valid_fields("Renamed"), deadline());

  // Still down: the replay fails and the id stays pending.
  EXPECT_THROW(service_.replay_invalidations(deadline()), Error);
  EXPECT_TRUE(service_.pending_invalidations().covers(old.id));
  ASSERT_TRUE(cache_.entries.contains(old.id));

  cache_.fail_invalidate = false;
  service_.replay_invalidations(deadline());
  EXPECT_FALSE(cache_.entries.contains(old.id)) << "the stale entry survived the replay";
  EXPECT_TRUE(service_.pending_invalidations().empty());
  EXPECT_EQ(observer_.replayed, 1u);
  EXPECT_EQ(observer_.pending_ids, 0u);

  // Cached again, with the updated product.
  EXPECT_EQ(service_.get_by_id(old.id, deadline()).fields.name, "Renamed");
  ASSERT_TRUE(cache_.entries.contains(old.id));
  EXPECT_EQ(cache_.entries.at(old.id).fields.name, "Renamed");
  EXPECT_EQ(service_.get_by_id(old.id, deadline()).fields.name, "Renamed");
  EXPECT_GE(observer_.hits, 1);
}

TEST_F(ProductServiceTest, ReplayWithNothingPendingCallsNoCache) {
  service_.replay_invalidations(deadline());
  EXPECT_EQ(cache_.invalidate_many_calls, 0);
  EXPECT_EQ(cache_.invalidate_all_calls, 0);
  EXPECT_TRUE(cache_.invalidated.empty());
}

TEST_F(ProductServiceTest, FailedInvalidationsOfABatchAreReplayedInOneCall) {
  const auto first = sample_product();
  auto second = sample_product();
  second.id = ObjectId::generate();
  cache_.fail_invalidate = true;
  const std::vector<ProductCommand> batch{command(CommandType::Create, first, 1000),
                                          command(CommandType::Create, second, 1000)};
  service_.apply_batch(batch, deadline());
  EXPECT_EQ(observer_.deferred, 2u);
  EXPECT_TRUE(service_.pending_invalidations().covers(first.id));
  EXPECT_TRUE(service_.pending_invalidations().covers(second.id));

  cache_.fail_invalidate = false;
  const auto calls = cache_.invalidate_many_calls;
  service_.replay_invalidations(deadline());
  EXPECT_EQ(cache_.invalidate_many_calls, calls + 1);
  EXPECT_TRUE(service_.pending_invalidations().empty());
}

TEST_F(ProductServiceTest, TooManyFailedInvalidationsSkipTheWholeCacheUntilItIsFlushed) {
  ProductService service(repository_, cache_, publisher_, observer_, idempotency_, 1);
  const auto first = sample_product();
  auto second = sample_product();
  second.id = ObjectId::generate();
  repository_.seed(first);
  repository_.seed(second);
  ASSERT_EQ(service.get_by_id(second.id, deadline()), second);  // cached

  cache_.fail_invalidate = true;
  service.update(first.id, valid_fields("One"), deadline());
  EXPECT_FALSE(service.pending_invalidations().overflowed());
  service.remove(first.id, deadline());
  service.update(second.id, valid_fields("Two"), deadline());
  EXPECT_TRUE(service.pending_invalidations().overflowed());
  EXPECT_TRUE(observer_.pending_all);

  // Every product is read from MongoDB, even one nobody wrote after the overflow.
  auto untouched = sample_product();
  untouched.id = ObjectId::generate();
  cache_.entries[untouched.id] = untouched;
  repository_.seed(untouched);
  const auto gets = cache_.gets;
  EXPECT_EQ(service.get_by_id(second.id, deadline()).fields.name, "Two");
  EXPECT_EQ(service.get_by_id(untouched.id, deadline()), untouched);
  EXPECT_EQ(cache_.gets, gets);

  cache_.fail_invalidate = false;
  service.replay_invalidations(deadline());
  EXPECT_EQ(cache_.invalidate_all_calls, 1);
  EXPECT_TRUE(cache_.entries.empty()) << "the flush left entries behind";
  EXPECT_TRUE(service.pending_invalidations().empty());
  EXPECT_EQ(observer_.flushes, 1);
  EXPECT_FALSE(observer_.pending_all);
  EXPECT_EQ(service.get_by_id(second.id, deadline()).fields.name, "Two");
  EXPECT_TRUE(cache_.entries.contains(second.id)) << "the cache is not used again after the flush";
}

// ---- search ----

TEST_F(ProductServiceTest, SearchHandsTheQueryToTheRepositoryAndReturnsItsPage) {
  domain::SearchPage page;
  page.total_count = 12;
  page.page = 2;
  page.size = 5;
  page.products = {sample_product()};
  repository_.search_result = page;

  const auto query = domain::SearchQuery::make("cup", 2, 5);
  const auto result = service_.search(query, deadline());
  ASSERT_TRUE(repository_.last_query.has_value());
  EXPECT_EQ(repository_.last_query->text, "cup");
  EXPECT_EQ(repository_.last_query->page, 2);
  EXPECT_EQ(repository_.last_query->size, 5);
  EXPECT_EQ(result.total_count, 12);
  EXPECT_EQ(result.products, page.products);
}

}  // namespace
}  // namespace products::usecase
