#include "usecase/product_service.hpp"

#include <algorithm>

#include "domain/error.hpp"

namespace products::usecase {

using domain::CommandType;
using domain::Deadline;
using domain::Error;
using domain::ObjectId;
using domain::Product;
using domain::ProductCommand;
using domain::ProductFields;

namespace {

ProductCommand make_command(CommandType type, const ObjectId& id, ProductFields fields,
                            const domain::TraceHeaders& trace) {
  ProductCommand command;
  command.type = type;
  command.version = domain::version_now();
  command.trace = trace;
  command.product.id = id;
  command.product.fields = std::move(fields);
  const auto now = domain::now_ms();
  command.product.created_at = now;
  command.product.updated_at = now;
  return command;
}

VersionedWrite write_of(const ProductCommand& command) {
  return {command.type, command.product, command.version, command.trace};
}

}  // namespace

ProductService::ProductService(ProductRepository& repository, ProductCache& cache, CommandPublisher& publisher,
                               CacheObserver& cache_observer, IdempotencyStore& idempotency,
                               std::size_t pending_invalidations)
    : repository_(repository),
      cache_(cache),
      publisher_(publisher),
      cache_observer_(cache_observer),
      idempotency_(idempotency),
      pending_(pending_invalidations) {}

ObjectId ProductService::publish_create(ProductFields fields, const domain::TraceHeaders& trace, Deadline deadline,
                                        CommandPublisher::Completion done) {
  const auto id = ObjectId::generate();
  publisher_.publish(make_command(CommandType::Create, id, std::move(fields), trace), deadline,
                     std::move(done));
  return id;
}

ObjectId ProductService::publish_create(const domain::IdempotencyKey& key, ProductFields fields,
                                        const domain::TraceHeaders& trace, Deadline deadline,
                                        CommandPublisher::Completion done) {
  const auto command = keyed_create(key, std::move(fields), trace, deadline);
  publisher_.publish(command, deadline, std::move(done));
  return command.product.id;
}

void ProductService::publish_update(const ObjectId& id, ProductFields fields, const domain::TraceHeaders& trace,
                                    Deadline deadline, CommandPublisher::Completion done) {
  publisher_.publish(make_command(CommandType::Update, id, std::move(fields), trace), deadline,
                     std::move(done));
}

void ProductService::publish_delete(const ObjectId& id, const domain::TraceHeaders& trace, Deadline deadline,
                                    CommandPublisher::Completion done) {
  publisher_.publish(make_command(CommandType::Delete, id, {}, trace), deadline, std::move(done));
}

std::vector<ProductService::ApplyOutcome> ProductService::apply_batch(std::span<const ProductCommand> commands,
                                                                      Deadline deadline) {
  std::vector<VersionedWrite> writes;
  writes.reserve(commands.size());
  for (const auto& command : commands) writes.push_back(write_of(command));
  const auto written = repository_.write_batch(writes, deadline);

  std::vector<ApplyOutcome> outcomes(commands.size());
  std::vector<ObjectId> ids;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    if (written[i].error) {
      outcomes[i].error = written[i].error;
      continue;
    }
    outcomes[i].result = written[i].changed ? ApplyResult::Applied : ApplyResult::Ignored;
    ids.push_back(commands[i].product.id);
  }
  // Invalidate even when nothing changed: a replay after a crash may follow a write whose
  // invalidation never happened.
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (!ids.empty()) invalidate_cached(ids, deadline);
  return outcomes;
}

Product ProductService::create(ProductFields fields, Deadline deadline) {
  return store_create(make_command(CommandType::Create, ObjectId::generate(), std::move(fields), {}), deadline);
}

Product ProductService::create(const domain::IdempotencyKey& key, ProductFields fields, Deadline deadline) {
  return store_create(keyed_create(key, std::move(fields), {}, deadline), deadline);
}

ProductCommand ProductService::keyed_create(const domain::IdempotencyKey& key, ProductFields fields,
                                            const domain::TraceHeaders& trace, Deadline deadline) {
  auto command = make_command(CommandType::Create, ObjectId::generate(), std::move(fields), trace);
  const auto held = idempotency_.claim({key.value(), command.product, command.version}, deadline);
  if (held.product.fields != command.product.fields) {
    throw Error::conflict("idempotency key \"" + key.value() +
                          "\" was first used for a create with other product fields; use a new key for a new product");
  }
  command.product = held.product;
  command.version = held.version;
  return command;
}

Product ProductService::store_create(const ProductCommand& command, Deadline deadline) {
  // Through write_batch, so that a store can insert the brand-new id in one round trip. A retried
  // keyed create is superseded by its first write (same version) and changes nothing.
  const auto write = write_of(command);
  const auto written = repository_.write_batch({&write, 1}, deadline);
  if (written.front().error) std::rethrow_exception(written.front().error);
  return command.product;
}

Product ProductService::update(const ObjectId& id, ProductFields fields, Deadline deadline) {
  auto command = make_command(CommandType::Update, id, std::move(fields), {});
  auto stored = repository_.replace_existing(command.product, command.version, deadline);
  if (!stored) throw Error::not_found("product " + id.hex() + " not found");
  invalidate_cached({&id, 1}, deadline);
  return *stored;
}

void ProductService::remove(const ObjectId& id, Deadline deadline) {
  const bool existed = repository_.remove(id, domain::version_now(), deadline);
  invalidate_cached({&id, 1}, deadline);
  if (!existed) throw Error::not_found("product " + id.hex() + " not found");
}

Product ProductService::get_by_id(const ObjectId& id, Deadline deadline) {
  // The entry may be stale, and a put would only be deleted again by the replay.
  bool cache_up = !pending_.covers(id);
  if (cache_up) {
    try {
      if (auto cached = cache_.get(id, deadline)) {
        cache_observer_.hit();
        return *cached;
      }
      cache_observer_.miss();
    } catch (const std::exception&) {
      // A cache that just failed would only spend the rest of the deadline failing again on put.
      cache_up = false;
      cache_observer_.unavailable();
    }
  }
  return read_through(id, deadline, cache_up);
}

Product ProductService::get_after_miss(const ObjectId& id, Deadline deadline) {
  cache_observer_.miss();
  return read_through(id, deadline, true);
}

Product ProductService::read_through(const ObjectId& id, Deadline deadline, bool cache_up) {
  auto found = repository_.find_by_id(id, deadline);
  if (!found) throw Error::not_found("product " + id.hex() + " not found");
  // Checked again: an update whose invalidation failed may have landed since the cache was asked.
  if (cache_up && !pending_.covers(id)) {
    try {
      cache_.put(*found, deadline);
    } catch (const std::exception&) {
      cache_observer_.unavailable();
    }
  }
  return *found;
}

domain::SearchPage ProductService::search(const domain::SearchQuery& query, Deadline deadline) {
  return repository_.search(query, deadline);
}

void ProductService::invalidate_cached(std::span<const ObjectId> ids, Deadline deadline) {
  try {
    cache_.invalidate_many(ids, deadline);
  } catch (const std::exception&) {
    // Failing the write would be worse than a stale entry, which reads skip until the replay.
    cache_observer_.unavailable();
    pending_.add(ids);
    cache_observer_.invalidations_deferred(ids.size());
    cache_observer_.invalidations_pending(pending_.size(), pending_.overflowed());
  }
}

void ProductService::replay_invalidations(Deadline deadline) {
  if (pending_.empty()) return;
  const auto replay = pending_.replay();
  if (replay.flush_all) {
    cache_.invalidate_all(deadline);
  } else {
    cache_.invalidate_many(replay.ids, deadline);
  }
  pending_.settle(replay);
  cache_observer_.invalidations_replayed(replay.ids.size(), replay.flush_all);
  cache_observer_.invalidations_pending(pending_.size(), pending_.overflowed());
}

}  // namespace products::usecase
