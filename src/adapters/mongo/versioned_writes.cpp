#include "adapters/mongo/versioned_writes.hpp"

#include <functional>

#include <spdlog/spdlog.h>

#include "adapters/mongo/find_and_modify.hpp"
#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/product_filters.hpp"
#include "domain/error.hpp"

namespace products::adapters::mongo {

using domain::ObjectId;
using domain::Product;
using Doc = ProductDocument;
using Filters = ProductFilters;

namespace {

std::optional<BsonDocument> find_one(const MongoOperation& op, const BsonDocument& filter,
                                     const BsonDocument* projection) {
  auto options = op.options();
  bson_append_int64(options.get(), "limit", -1, 1);
  if (projection) bson_append_document(options.get(), "projection", -1, projection->get());
  CursorHandle cursor(mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
  const bson_t* document = nullptr;
  if (mongoc_cursor_next(cursor.get(), &document)) return BsonDocument::copy_of(*document);
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) throw op.error(error);
  return std::nullopt;
}

std::optional<Doc::State> stored_state(const MongoOperation& op, const ObjectId& id) {
  BsonDocument projection;
  bson_append_int32(projection.get(), Doc::kDeleted, -1, 1);
  bson_append_int32(projection.get(), Doc::kVersion, -1, 1);
  bson_append_int32(projection.get(), Doc::kCreatedAt, -1, 1);
  const auto found = find_one(op, Filters::by_id(id), &projection);
  if (!found) return std::nullopt;
  return Doc::state_of(*found->get());
}

using Superseded = std::function<bool(const Doc::State&)>;

struct Written {
  bool applied = false;
  std::optional<BsonDocument> before;  // applied: the document before the write; absent when there was none
  Doc::State stored;                   // not applied: the stored state that supersedes the write
};

// The conditional upsert `update` of document `id` after its insert collided on _id: when the
// stored state supersedes the write, nothing is written. Otherwise a concurrent writer changed
// the document between our match and our insert, so the write is tried again against what is
// there now. Each retry follows another writer's progress, so a few suffice; more means the
// stored document defeats the condition itself.
Written settle(const MongoOperation& op, const ObjectId& id, const BsonDocument& query, const BsonDocument& update,
               const Superseded& superseded) {
  constexpr int kAttempts = 5;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    if (const auto stored = stored_state(op, id); stored && superseded(*stored)) return {false, std::nullopt, *stored};
    auto modified = FindAndModify::run(op, query, update, MONGOC_FIND_AND_MODIFY_UPSERT);
    if (!modified.duplicate_key) return {true, std::move(modified.value), {}};
    op.check_deadline();
  }
  spdlog::error("mongodb: versioned write of {} kept colliding with the stored document", id.hex());
  throw domain::Error::internal("mongodb: versioned write kept colliding with the stored document");
}

Written upsert_unless_superseded(const MongoOperation& op, const ObjectId& id, const BsonDocument& query,
                                 const BsonDocument& update, const Superseded& superseded) {
  auto modified = FindAndModify::run(op, query, update, MONGOC_FIND_AND_MODIFY_UPSERT);
  if (!modified.duplicate_key) return {true, std::move(modified.value), {}};
  return settle(op, id, query, update, superseded);
}

Superseded supersedes_upsert(std::int64_t version) {
  return [version](const Doc::State& stored) { return stored.deleted || stored.version >= version; };
}

Superseded supersedes_remove(std::int64_t version) {
  return [version](const Doc::State& stored) { return stored.deleted && stored.version >= version; };
}

// A write superseded by a newer version may still be the older command: the product is as old as
// the first command issued for it, even when a later one was applied first and inserted it.
// createdAt only ever moves earlier, so a stored date no later than ours needs no round trip.
bool keep_earliest_created_at(const MongoOperation& op, const Product& product, const Doc::State& stored) {
  if (stored.deleted || !stored.created_at || *stored.created_at <= product.created_at) return false;
  BsonDocument update;
  bson_t set;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  Doc::append_date(&set, Doc::kCreatedAt, product.created_at);
  bson_append_document_end(update.get(), &set);
  // The query matches only when the write changes something.
  return FindAndModify::run(op, Filters::created_after(product.id, product.created_at), update,
                         MONGOC_FIND_AND_MODIFY_NONE)
      .value.has_value();
}

bool removed_a_live_product(const Written& written) {
  return written.before && !Doc::state_of(*written.before->get()).deleted;
}

}  // namespace

bool VersionedWrites::upsert(const MongoOperation& op, const Product& product, std::int64_t version) {
  const auto written = upsert_unless_superseded(op, product.id, Filters::replaceable(product.id, version),
                                                Doc::versioned_update(product, version), supersedes_upsert(version));
  return written.applied || keep_earliest_created_at(op, product, written.stored);
}

bool VersionedWrites::upsert_after_collision(const MongoOperation& op, const Product& product, std::int64_t version) {
  const auto written = settle(op, product.id, Filters::replaceable(product.id, version),
                              Doc::versioned_update(product, version), supersedes_upsert(version));
  return written.applied || keep_earliest_created_at(op, product, written.stored);
}

bool VersionedWrites::remove(const MongoOperation& op, const ObjectId& id, std::int64_t version) {
  return removed_a_live_product(upsert_unless_superseded(op, id, Filters::removable(id, version),
                                                         Doc::tombstone(version), supersedes_remove(version)));
}

bool VersionedWrites::remove_after_collision(const MongoOperation& op, const ObjectId& id, std::int64_t version) {
  return removed_a_live_product(
      settle(op, id, Filters::removable(id, version), Doc::tombstone(version), supersedes_remove(version)));
}

std::optional<Product> VersionedWrites::replace_existing(const MongoOperation& op, const Product& product,
                                                         std::int64_t version) {
  // Without upsert there is no insert, so no duplicate key either.
  const auto modified = FindAndModify::run(op, Filters::replaceable(product.id, version),
                                        Doc::versioned_update(product, version), MONGOC_FIND_AND_MODIFY_RETURN_NEW);
  if (modified.value) return Doc::from_bson(*modified.value->get());
  // Nothing older to replace: either no live product, or a newer version that stands.
  return find_live(op, product.id);
}

std::optional<Product> VersionedWrites::find_live(const MongoOperation& op, const ObjectId& id) {
  const auto found = find_one(op, Filters::by_id(id), nullptr);
  if (!found || Doc::state_of(*found->get()).deleted) return std::nullopt;
  return Doc::from_bson(*found->get());
}

}  // namespace products::adapters::mongo
