#pragma once

#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/deadline.hpp"
#include "domain/idempotency_key.hpp"
#include "domain/product.hpp"
#include "domain/product_command.hpp"
#include "domain/search_page.hpp"
#include "domain/search_query.hpp"
#include "usecase/cache_observer.hpp"
#include "usecase/command_publisher.hpp"
#include "usecase/idempotency_store.hpp"
#include "usecase/pending_invalidations.hpp"
#include "usecase/product_cache.hpp"
#include "usecase/product_repository.hpp"

namespace products::usecase {

// The products use cases, independent of transports and drivers.
class ProductService {
 public:
  enum class ApplyResult { Applied, Ignored };
  // What became of one command of apply_batch: `result` when `error` is null.
  struct ApplyOutcome {
    ApplyResult result = ApplyResult::Ignored;
    std::exception_ptr error;  // a domain::Error; transient() says whether applying again may help
  };

  // Ids whose invalidation failed that are remembered one by one before the whole cache is
  // skipped and flushed instead (about 100 bytes each).
  static constexpr std::size_t kPendingInvalidations = 10'000;

  ProductService(ProductRepository& repository, ProductCache& cache, CommandPublisher& publisher,
                 CacheObserver& cache_observer, IdempotencyStore& idempotency,
                 std::size_t pending_invalidations = kPendingInvalidations);

  // Asynchronous writes (REST): build the command and publish it. The id of the product is known
  // at once; `done` reports the broker's acknowledgement.
  domain::ObjectId publish_create(domain::ProductFields fields, const domain::TraceHeaders& trace,
                                  domain::Deadline deadline, CommandPublisher::Completion done);
  // The same under a client's idempotency key: the first create of the key is recorded and every
  // retry publishes that very command again (id, version, dates), which the versioned write
  // absorbs, so the product is stored once even while the first attempt is still in Kafka. The
  // same key with other fields is Conflict. Blocks for the store's round trip: call it on a worker.
  domain::ObjectId publish_create(const domain::IdempotencyKey& key, domain::ProductFields fields,
                                  const domain::TraceHeaders& trace, domain::Deadline deadline,
                                  CommandPublisher::Completion done);
  void publish_update(const domain::ObjectId& id, domain::ProductFields fields, const domain::TraceHeaders& trace,
                      domain::Deadline deadline, CommandPublisher::Completion done);
  void publish_delete(const domain::ObjectId& id, const domain::TraceHeaders& trace, domain::Deadline deadline,
                      CommandPublisher::Completion done);

  // Used by the consumer: applies the commands in one repository round trip, those of one product
  // in the order given, and returns one outcome per command; a failure fails only the commands it
  // touched. Idempotent: applying a command again, or an older one, changes nothing.
  std::vector<ApplyOutcome> apply_batch(std::span<const domain::ProductCommand> commands, domain::Deadline deadline);

  // Synchronous writes (gRPC), straight to the repository.
  domain::Product create(domain::ProductFields fields, domain::Deadline deadline);
  // Idempotent as publish_create with a key is; a retry answers the product as first created.
  domain::Product create(const domain::IdempotencyKey& key, domain::ProductFields fields, domain::Deadline deadline);
  domain::Product update(const domain::ObjectId& id, domain::ProductFields fields, domain::Deadline deadline);
  void remove(const domain::ObjectId& id, domain::Deadline deadline);

  // Reads. get_by_id goes through the cache, except for a product whose invalidation is pending;
  // a cache failure never fails the read.
  domain::Product get_by_id(const domain::ObjectId& id, domain::Deadline deadline);
  // get_by_id once the cache has answered that it holds no entry for the product (the fast
  // path's miss): counts the miss, reads the store and caches the product, without asking the
  // cache a second time.
  domain::Product get_after_miss(const domain::ObjectId& id, domain::Deadline deadline);
  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline deadline);

  // Deletes the entries whose invalidation failed (all of them when too many failed), and only
  // then lets reads use the cache for them again. Call it periodically: it throws while the cache
  // is still unreachable and costs nothing when nothing is pending.
  void replay_invalidations(domain::Deadline deadline);
  // For the cached-read fast path, which must skip the same products as get_by_id.
  const PendingInvalidations& pending_invalidations() const noexcept { return pending_; }

 private:
  // The create command a key stands for: the one first recorded under it.
  domain::ProductCommand keyed_create(const domain::IdempotencyKey& key, domain::ProductFields fields,
                                      const domain::TraceHeaders& trace, domain::Deadline deadline);
  domain::Product store_create(const domain::ProductCommand& command, domain::Deadline deadline);
  void invalidate_cached(std::span<const domain::ObjectId> ids, domain::Deadline deadline);
  // The store's product, put in the cache when `cache_up` (and its invalidation is not pending).
  domain::Product read_through(const domain::ObjectId& id, domain::Deadline deadline, bool cache_up);

  ProductRepository& repository_;
  ProductCache& cache_;
  CommandPublisher& publisher_;
  CacheObserver& cache_observer_;
  IdempotencyStore& idempotency_;
  PendingInvalidations pending_;
};

}  // namespace products::usecase
