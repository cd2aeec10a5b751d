#include "raw_store.hpp"

#include <algorithm>
#include <memory>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/product_filters.hpp"

namespace products::bench {

using adapters::mongo::BsonDocument;
using adapters::mongo::MongoOperation;
using Doc = adapters::mongo::ProductDocument;
using domain::Deadline;

namespace {

using BulkHandle = std::unique_ptr<mongoc_bulk_operation_t,
                                   adapters::mongo::HandleDeleter<mongoc_bulk_operation_destroy>>;

void append_string(bson_t* document, const char* key, const std::string& value) {
  bson_append_utf8(document, key, -1, value.data(), static_cast<int>(value.size()));
}

BsonDocument stored_document(const domain::Product& product, std::int64_t version) {
  const auto& f = product.fields;
  BsonDocument document;
  auto* d = document.get();
  Doc::append_id(d, Doc::kId, product.id);
  Doc::append_id(d, Doc::kCategoryId, f.category_id);
  append_string(d, Doc::kName, f.name);
  append_string(d, Doc::kDescription, f.description);
  bson_append_double(d, Doc::kPrice, -1, f.price);
  if (f.image_url) append_string(d, Doc::kImageUrl, *f.image_url);
  bson_t photos;
  bson_append_array_begin(d, Doc::kPhotos, -1, &photos);
  for (std::size_t i = 0; i < f.photos.size(); ++i) append_string(&photos, std::to_string(i).c_str(), f.photos[i]);
  bson_append_array_end(d, &photos);
  bson_append_int64(d, Doc::kQuantity, -1, f.quantity);
  bson_append_int64(d, Doc::kRating, -1, f.rating);
  Doc::append_date(d, Doc::kCreatedAt, product.created_at);
  Doc::append_date(d, Doc::kUpdatedAt, product.updated_at);
  bson_append_int64(d, Doc::kVersion, -1, version);
  return document;
}

std::string string_field(const BsonDocument& document, const char* key) {
  bson_iter_t iter;
  if (!bson_iter_init_find(&iter, document.get(), key) || !BSON_ITER_HOLDS_UTF8(&iter)) return {};
  return bson_iter_utf8(&iter, nullptr);
}

}  // namespace

RawStore::RawStore(adapters::mongo::MongoConfig config, std::chrono::milliseconds timeout)
    : pool_(std::move(config)), timeout_(timeout) {}

std::size_t RawStore::update_batch(int writers, int in_flight) {
  return std::clamp<std::size_t>(static_cast<std::size_t>(std::max(in_flight, 1) / std::max(writers, 1)), 1,
                                 kMaxBatch);
}

void RawStore::drop_database() {
  const MongoOperation op(pool_, "drop the benchmark database", Deadline::after(timeout_));
  mongoc_database_t* database = mongoc_client_get_database(op.client(), pool_.config().database.c_str());
  std::unique_ptr<mongoc_database_t, adapters::mongo::HandleDeleter<mongoc_database_destroy>> owned(database);
  bson_error_t error;
  if (!mongoc_database_drop_with_opts(database, op.options().get(), &error)) throw op.error(error);
}

std::int64_t RawStore::count() {
  const MongoOperation op(pool_, "count the catalog", Deadline::after(timeout_));
  const BsonDocument all;
  bson_error_t error;
  const auto n = mongoc_collection_count_documents(op.collection(), all.get(), op.options().get(), nullptr, nullptr,
                                                   &error);
  if (n < 0) throw op.error(error);
  return n;
}

std::string RawStore::server_version() {
  const MongoOperation op(pool_, "buildInfo", Deadline::after(timeout_));
  BsonDocument command, reply;
  bson_append_int32(command.get(), "buildInfo", -1, 1);
  bson_error_t error;
  if (!mongoc_client_command_simple(op.client(), "admin", command.get(), nullptr, reply.get(), &error)) {
    throw op.error(error);
  }
  const auto ferretdb = string_field(reply, "ferretdbVersion");
  const auto version = string_field(reply, "version");
  return ferretdb.empty() ? "MongoDB " + version : "FerretDB, version " + ferretdb + " (MongoDB wire " + version + ")";
}

void RawStore::insert_many(std::span<const domain::Product> products, std::int64_t version) {
  const MongoOperation op(pool_, "raw insert_many", Deadline::after(timeout_));
  // One insert command of every document, as insert_many sends it; a bulk write takes no
  // maxTimeMS, so the socket timeout bounds it instead.
  BulkHandle bulk(mongoc_collection_create_bulk_operation_with_opts(op.collection(), nullptr));
  bson_error_t error;
  for (const auto& product : products) {
    const auto document = stored_document(product, version);
    if (!mongoc_bulk_operation_insert_with_opts(bulk.get(), document.get(), nullptr, &error)) throw op.error(error);
  }
  BsonDocument reply;
  if (!mongoc_bulk_operation_execute(bulk.get(), reply.get(), &error)) throw op.error(error);
}

void RawStore::insert_one(const domain::Product& product, std::int64_t version) {
  const MongoOperation op(pool_, "raw insert_one", Deadline::after(timeout_));
  const auto document = stored_document(product, version);
  BsonDocument reply;
  bson_error_t error;
  if (!mongoc_collection_insert_one(op.collection(), document.get(), op.options().get(), reply.get(), &error)) {
    throw op.error(error);
  }
}

void RawStore::update_many(std::span<const domain::Product> products, std::int64_t version) {
  const MongoOperation op(pool_, "raw update by _id", Deadline::after(timeout_));
  BulkHandle bulk(mongoc_collection_create_bulk_operation_with_opts(op.collection(), nullptr));
  bson_error_t error;
  for (const auto& product : products) {
    const auto filter = adapters::mongo::ProductFilters::by_id(product.id);
    const auto update = Doc::versioned_update(product, version);
    if (!mongoc_bulk_operation_update_one_with_opts(bulk.get(), filter.get(), update.get(), nullptr, &error)) {
      throw op.error(error);
    }
  }
  BsonDocument reply;
  if (!mongoc_bulk_operation_execute(bulk.get(), reply.get(), &error)) throw op.error(error);
}

bool RawStore::find_by_id(const domain::ObjectId& id) {
  const MongoOperation op(pool_, "raw find by _id", Deadline::after(timeout_));
  const auto filter = adapters::mongo::ProductFilters::by_id(id);
  auto options = op.options();
  bson_append_int64(options.get(), "limit", -1, 1);
  adapters::mongo::CursorHandle cursor(
      mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
  const bson_t* document = nullptr;
  const bool found = mongoc_cursor_next(cursor.get(), &document);
  bson_error_t error;
  if (!found && mongoc_cursor_error(cursor.get(), &error)) throw op.error(error);
  return found;
}

std::int64_t RawStore::search_first_page(const std::string& text) {
  const MongoOperation op(pool_, "raw search", Deadline::after(timeout_));
  const auto filter = adapters::mongo::ProductFilters::containing(text);
  bson_error_t error;
  const auto total = mongoc_collection_count_documents(op.collection(), filter.get(), op.options().get(), nullptr,
                                                       nullptr, &error);
  if (total < 0) throw op.error(error);
  auto options = op.options();
  adapters::mongo::ProductFilters::append_newest_first(options.get());
  bson_append_int64(options.get(), "limit", -1, 10);
  adapters::mongo::CursorHandle cursor(
      mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
  const bson_t* document = nullptr;
  while (mongoc_cursor_next(cursor.get(), &document)) {
  }
  if (mongoc_cursor_error(cursor.get(), &error)) throw op.error(error);
  return total;
}

}  // namespace products::bench
