#include "adapters/mongo/mongo_schema.hpp"

#include <string>
#include <utility>
#include <vector>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"

namespace products::adapters::mongo {

using Doc = ProductDocument;

namespace {

constexpr std::uint32_t kNamespaceExists = 48;

using IndexKey = std::vector<std::pair<const char*, int>>;

// {createdAt: -1, _id: -1} is the newest-first order of search (its prefix serves createdAt alone).
const std::vector<IndexKey> kIndexes = {
    {{Doc::kCreatedAt, -1}, {Doc::kId, -1}},
    {{Doc::kCategoryId, 1}},
    {{Doc::kName, 1}},
};
// The idempotency records' purge deletes by expiresAt (MongoIdempotencyStore).
const IndexKey kIdempotencyIndex = {{"expiresAt", 1}};

// MongoDB's default index name, so that an index made by hand or by the original init script
// under the default name is recognised as the same one.
std::string index_name(const IndexKey& key) {
  std::string name;
  for (const auto& [field, direction] : key) {
    if (!name.empty()) name += '_';
    name += field;
    name += '_';
    name += std::to_string(direction);
  }
  return name;
}

BsonDocument create_index_command(const char* collection, const IndexKey& key) {
  BsonDocument command;
  bson_append_utf8(command.get(), "createIndexes", -1, collection, -1);
  bson_t indexes, index, fields;
  bson_append_array_begin(command.get(), "indexes", -1, &indexes);
  bson_append_document_begin(&indexes, "0", -1, &index);
  bson_append_document_begin(&index, "key", -1, &fields);
  for (const auto& [field, direction] : key) bson_append_int32(&fields, field, -1, direction);
  bson_append_document_end(&index, &fields);
  const auto name = index_name(key);
  bson_append_utf8(&index, "name", -1, name.c_str(), -1);
  bson_append_document_end(&indexes, &index);
  bson_append_array_end(command.get(), &indexes);
  return command;
}

// Runs a command that writes, with the configured write concern and the operation's maxTimeMS.
bool write_command(const MongoOperation& op, const BsonDocument& command, bson_error_t& error) {
  const auto options = op.options();
  BsonDocument reply;
  return mongoc_collection_write_command_with_opts(op.collection(), command.get(), options.get(), reply.get(),
                                                   &error);
}

}  // namespace

void MongoSchema::ensure_collection(domain::Deadline deadline) {
  const MongoOperation op(pool_, "create collection", deadline);
  BsonDocument command;
  bson_append_utf8(command.get(), "create", -1, pool_.config().collection.c_str(), -1);
  bson_error_t error;
  if (!write_command(op, command, error) && !(error.domain == MONGOC_ERROR_SERVER && error.code == kNamespaceExists)) {
    throw op.error(error);
  }
}

void MongoSchema::ensure_indexes(domain::Deadline deadline) {
  const MongoOperation op(pool_, "create indexes", deadline);
  // One index per command: FerretDB 1.24 drops the connection when a createIndexes command lists
  // two or more indexes that all exist already, which is exactly the idempotent re-run.
  const auto create = [&op](const std::string& collection, const IndexKey& key) {
    bson_error_t error;
    if (!write_command(op, create_index_command(collection.c_str(), key), error)) throw op.error(error);
  };
  for (const auto& key : kIndexes) create(pool_.config().collection, key);
  create(pool_.config().idempotency_collection, kIdempotencyIndex);
}

}  // namespace products::adapters::mongo
