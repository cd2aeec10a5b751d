#include "adapters/mongo/mongo_product_repository.hpp"

#include <future>

#include <spdlog/spdlog.h>

#include "adapters/mongo/batch_writer.hpp"
#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_handles.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/product_filters.hpp"
#include "adapters/mongo/versioned_writes.hpp"
#include "domain/error.hpp"
#include "domain/product_validator.hpp"

namespace products::adapters::mongo {

using domain::Deadline;
using domain::ObjectId;
using domain::Product;
using usecase::VersionedWrite;
using usecase::WriteOutcome;
using Doc = ProductDocument;
using Filters = ProductFilters;

namespace {

// The count command: with a query it counts exactly (on a sharded cluster, too, unlike without
// one), and FerretDB 1.24 answers it without countDocuments' aggregation pipeline: as fast or up
// to a quarter faster, as measured on 11k products.
std::int64_t count(const MongoOperation& op, const BsonDocument& filter) {
  BsonDocument command;
  bson_append_utf8(command.get(), "count", -1, mongoc_collection_get_name(op.collection()), -1);
  bson_append_document(command.get(), "query", -1, filter.get());
  const auto options = op.options();
  BsonDocument reply;
  bson_error_t error;
  if (!mongoc_collection_read_command_with_opts(op.collection(), command.get(), nullptr, options.get(), reply.get(),
                                                &error)) {
    throw op.error(error);
  }
  bson_iter_t n;
  if (!bson_iter_init_find(&n, reply.get(), "n") || !BSON_ITER_HOLDS_NUMBER(&n)) {
    spdlog::error("mongodb search: a count reply without n: {}", reply.json());
    throw domain::Error::internal("mongodb search failed");
  }
  return bson_iter_as_int64(&n);
}

std::vector<Product> find_page(const MongoOperation& op, const BsonDocument& filter, const domain::SearchQuery& query) {
  auto options = op.options();
  Filters::append_newest_first(options.get());
  bson_append_int64(options.get(), "skip", -1, query.skip());
  bson_append_int64(options.get(), "limit", -1, query.size);
  CursorHandle cursor(mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
  std::vector<Product> products;
  const bson_t* document = nullptr;
  while (mongoc_cursor_next(cursor.get(), &document)) products.push_back(Doc::from_bson(*document));
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) throw op.error(error);
  return products;
}

}  // namespace

bool MongoProductRepository::upsert(const Product& product, std::int64_t version, Deadline deadline) {
  const auto held = locks_.lock(product.id, deadline);
  const MongoOperation op(pool_, "upsert", deadline);
  return VersionedWrites::upsert(op, product, version);
}

std::optional<Product> MongoProductRepository::replace_existing(const Product& product, std::int64_t version,
                                                                Deadline deadline) {
  const auto held = locks_.lock(product.id, deadline);
  const MongoOperation op(pool_, "replace", deadline);
  return VersionedWrites::replace_existing(op, product, version);
}

bool MongoProductRepository::remove(const ObjectId& id, std::int64_t version, Deadline deadline) {
  const auto held = locks_.lock(id, deadline);
  const MongoOperation op(pool_, "remove", deadline);
  return VersionedWrites::remove(op, id, version);
}

std::vector<WriteOutcome> MongoProductRepository::write_batch(std::span<const VersionedWrite> writes,
                                                              Deadline deadline) {
  return BatchWriter(pool_, locks_).write(writes, deadline);
}

std::optional<Product> MongoProductRepository::find_by_id(const ObjectId& id, Deadline deadline) {
  const MongoOperation op(pool_, "find", deadline);
  return VersionedWrites::find_live(op, id);
}

domain::SearchPage MongoProductRepository::search(const domain::SearchQuery& query, Deadline deadline) {
  domain::SearchPage page;
  page.page = query.page;
  page.size = query.size;
  if (domain::ProductValidator::utf8_length(query.text) < 0) return page;

  const MongoOperation op(pool_, "search", deadline);
  const auto filter = Filters::containing(query.text);
  const MongoOperation spare(pool_, "search count", deadline, std::try_to_lock);
  if (spare.has_client()) {
    // A page past the end comes back empty, so nothing waits for the count to know.
    auto total = std::async(std::launch::async, [&] { return count(spare, filter); });
    page.products = find_page(op, filter, query);
    page.total_count = total.get();
    return page;
  }
  page.total_count = count(op, filter);
  // Past the last page there is nothing to fetch.
  if (query.page > page.total_pages()) return page;
  page.products = find_page(op, filter, query);
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
