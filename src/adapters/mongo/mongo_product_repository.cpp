#include "adapters/mongo/mongo_product_repository.hpp"

#include <functional>

#include <spdlog/spdlog.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_errors.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/regex_literal.hpp"
#include "domain/error.hpp"
#include "domain/product_validator.hpp"

namespace products::adapters::mongo {

using domain::Deadline;
using domain::ObjectId;
using domain::Product;
using Doc = ProductDocument;

namespace {

BsonDocument id_filter(const ObjectId& id) {
  BsonDocument filter;
  Doc::append_id(filter.get(), Doc::kId, id);
  return filter;
}

// {deleted: {$ne: true}}: live products, whatever wrote them.
void append_live(bson_t* filter) {
  bson_t condition;
  bson_append_document_begin(filter, Doc::kDeleted, -1, &condition);
  bson_append_bool(&condition, "$ne", -1, true);
  bson_append_document_end(filter, &condition);
}

// {version: {$not: {$gte: v}}}: older than v, or written without a version by the original
// service (where `$lt` would never match).
void append_older_than(bson_t* filter, std::int64_t version) {
  bson_t condition, gte;
  bson_append_document_begin(filter, Doc::kVersion, -1, &condition);
  bson_append_document_begin(&condition, "$not", -1, &gte);
  bson_append_int64(&gte, "$gte", -1, version);
  bson_append_document_end(&condition, &gte);
  bson_append_document_end(filter, &condition);
}

// {$or: [first, second]}, each condition written by its function.
template <typename First, typename Second>
void append_either(bson_t* filter, const First& first, const Second& second) {
  bson_t any, condition;
  bson_append_array_begin(filter, "$or", -1, &any);
  bson_append_document_begin(&any, "0", -1, &condition);
  first(&condition);
  bson_append_document_end(&any, &condition);
  bson_append_document_begin(&any, "1", -1, &condition);
  second(&condition);
  bson_append_document_end(&any, &condition);
  bson_append_array_end(filter, &any);
}

// {_id, deleted != true, version < v}: a live product this write may replace.
BsonDocument replaceable(const ObjectId& id, std::int64_t version) {
  auto filter = id_filter(id);
  append_live(filter.get());
  append_older_than(filter.get(), version);
  return filter;
}

struct Modified {
  bool duplicate_key = false;
  std::optional<BsonDocument> value;  // the document before or after, as the flags asked
};

Modified find_and_modify(const MongoOperation& op, const BsonDocument& query, const BsonDocument& update,
                         mongoc_find_and_modify_flags_t flags) {
  FindAndModifyOptsHandle options(mongoc_find_and_modify_opts_new());
  mongoc_find_and_modify_opts_set_update(options.get(), update.get());
  mongoc_find_and_modify_opts_set_flags(options.get(), flags);
  mongoc_find_and_modify_opts_set_max_time_ms(options.get(), op.max_time_ms());
  BsonDocument reply;
  bson_error_t error;
  if (!mongoc_collection_find_and_modify_with_opts(op.collection(), query.get(), options.get(), reply.get(), &error)) {
    if (MongoErrors::is_duplicate_key(error)) return {true, std::nullopt};
    throw op.error(error);
  }
  bson_iter_t iter;
  if (!bson_iter_init_find(&iter, reply.get(), "value") || !BSON_ITER_HOLDS_DOCUMENT(&iter)) return {};
  std::uint32_t length = 0;
  const std::uint8_t* data = nullptr;
  bson_iter_document(&iter, &length, &data);
  // A read-only view into `reply`; it owns nothing, so it needs no destroy.
  bson_t value;
  bson_init_static(&value, data, length);
  return {false, BsonDocument::copy_of(value)};
}

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

std::optional<Product> find_live(const MongoOperation& op, const ObjectId& id) {
  auto filter = id_filter(id);
  append_live(filter.get());
  const auto found = find_one(op, filter, nullptr);
  if (!found) return std::nullopt;
  return Doc::from_bson(*found->get());
}

std::optional<Doc::State> stored_state(const MongoOperation& op, const ObjectId& id) {
  BsonDocument projection;
  bson_append_int32(projection.get(), Doc::kDeleted, -1, 1);
  bson_append_int32(projection.get(), Doc::kVersion, -1, 1);
  const auto found = find_one(op, id_filter(id), &projection);
  if (!found) return std::nullopt;
  return Doc::state_of(*found->get());
}

struct Written {
  bool applied = false;
  std::optional<BsonDocument> value;  // the document before the write; absent when there was none
};

// Runs a conditional upsert of document `id`. Its insert colliding on _id means the condition
// did not match the stored document: when `superseded` says the stored state wins, nothing is
// written. Otherwise a concurrent writer changed the document between our match and our insert,
// so the write is tried again against what is there now. Each retry follows another writer's
// progress, so a few suffice; more means the stored document defeats the condition itself.
Written upsert_unless_superseded(const MongoOperation& op, const ObjectId& id, const BsonDocument& query,
                                 const BsonDocument& update,
                                 const std::function<bool(const Doc::State&)>& superseded) {
  constexpr int kAttempts = 5;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto modified = find_and_modify(op, query, update, MONGOC_FIND_AND_MODIFY_UPSERT);
    if (!modified.duplicate_key) return {true, std::move(modified.value)};
    const auto stored = stored_state(op, id);
    if (stored && superseded(*stored)) return {};
    op.check_deadline();
  }
  spdlog::error("mongodb: versioned write of {} kept colliding with the stored document", id.hex());
  throw domain::Error::internal("mongodb: versioned write kept colliding with the stored document");
}

// A write superseded by a newer version may still be the older command: the product is as old as
// the first command issued for it, even when a later one was applied first and inserted it.
bool keep_earliest_created_at(const MongoOperation& op, const Product& product) {
  auto query = id_filter(product.id);
  append_live(query.get());
  bson_t later;
  bson_append_document_begin(query.get(), Doc::kCreatedAt, -1, &later);
  Doc::append_date(&later, "$gt", product.created_at);
  bson_append_document_end(query.get(), &later);
  BsonDocument update;
  bson_t set;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  Doc::append_date(&set, Doc::kCreatedAt, product.created_at);
  bson_append_document_end(update.get(), &set);
  // The query matches only when the write changes something.
  return find_and_modify(op, query, update, MONGOC_FIND_AND_MODIFY_NONE).value.has_value();
}

}  // namespace

bool MongoProductRepository::upsert(const Product& product, std::int64_t version, Deadline deadline) {
  const auto locked = locks_.lock(product.id, deadline);
  const MongoOperation op(pool_, "upsert", deadline);
  const auto query = replaceable(product.id, version);
  const auto update = Doc::versioned_update(product, version);
  const auto written = upsert_unless_superseded(
      op, product.id, query, update,
      [&](const Doc::State& stored) { return stored.deleted || stored.version >= version; });
  return written.applied || keep_earliest_created_at(op, product);
}

std::optional<Product> MongoProductRepository::replace_existing(const Product& product, std::int64_t version,
                                                                Deadline deadline) {
  const auto locked = locks_.lock(product.id, deadline);
  const MongoOperation op(pool_, "replace", deadline);
  const auto query = replaceable(product.id, version);
  const auto update = Doc::versioned_update(product, version);
  // Without upsert there is no insert, so no duplicate key either.
  const auto modified = find_and_modify(op, query, update, MONGOC_FIND_AND_MODIFY_RETURN_NEW);
  if (modified.value) return Doc::from_bson(*modified.value->get());
  // Nothing older to replace: either no live product, or a newer version that stands.
  return find_live(op, product.id);
}

bool MongoProductRepository::remove(const ObjectId& id, std::int64_t version, Deadline deadline) {
  const auto locked = locks_.lock(id, deadline);
  const MongoOperation op(pool_, "remove", deadline);
  // {_id, $or: [{deleted != true}, {version < v}]}: a live product, or an older tombstone.
  auto query = id_filter(id);
  append_either(query.get(), append_live, [&](bson_t* older) { append_older_than(older, version); });

  const auto tombstone = Doc::tombstone(version);
  const auto written =
      upsert_unless_superseded(op, id, query, tombstone,
                               [&](const Doc::State& stored) { return stored.deleted && stored.version >= version; });
  return written.value && !Doc::state_of(*written.value->get()).deleted;
}

std::optional<Product> MongoProductRepository::find_by_id(const ObjectId& id, Deadline deadline) {
  const MongoOperation op(pool_, "find", deadline);
  return find_live(op, id);
}

domain::SearchPage MongoProductRepository::search(const domain::SearchQuery& query, Deadline deadline) {
  domain::SearchPage page;
  page.page = query.page;
  page.size = query.size;
  if (domain::ProductValidator::utf8_length(query.text) < 0) return page;

  const MongoOperation op(pool_, "search", deadline);
  BsonDocument filter;
  append_live(filter.get());
  if (!query.text.empty()) {
    const auto pattern = escape_regex(query.text);
    const auto contains = [&](const char* field) {
      return [&pattern, field](bson_t* condition) { bson_append_regex(condition, field, -1, pattern.c_str(), "i"); };
    };
    append_either(filter.get(), contains(Doc::kName), contains(Doc::kDescription));
  }

  bson_error_t error;
  const auto count_options = op.options();
  page.total_count = mongoc_collection_count_documents(op.collection(), filter.get(), count_options.get(), nullptr,
                                                       nullptr, &error);
  if (page.total_count < 0) throw op.error(error);
  // Past the last page there is nothing to fetch, and (page - 1) * size might not even fit.
  if (query.page > page.total_pages()) return page;

  auto options = op.options();
  bson_t sort;
  bson_append_document_begin(options.get(), "sort", -1, &sort);
  bson_append_int32(&sort, Doc::kCreatedAt, -1, -1);
  bson_append_int32(&sort, Doc::kId, -1, -1);
  bson_append_document_end(options.get(), &sort);
  bson_append_int64(options.get(), "skip", -1, query.skip());
  bson_append_int64(options.get(), "limit", -1, query.size);
  CursorHandle cursor(mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
  const bson_t* document = nullptr;
  while (mongoc_cursor_next(cursor.get(), &document)) page.products.push_back(Doc::from_bson(*document));
  if (mongoc_cursor_error(cursor.get(), &error)) throw op.error(error);
  return page;
}

void MongoProductRepository::ping(Deadline deadline) {
  const MongoOperation op(pool_, "ping", deadline);
  BsonDocument command;
  bson_append_int32(command.get(), "ping", -1, 1);
  const auto options = op.options();
  BsonDocument reply;
  bson_error_t error;
  if (!mongoc_client_command_with_opts(op.client(), "admin", command.get(), nullptr, options.get(), reply.get(),
                                       &error)) {
    throw op.error(error);
  }
}

}  // namespace products::adapters::mongo
