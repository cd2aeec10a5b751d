#include "adapters/mongo/bulk_write.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace products::adapters::mongo {

namespace {

// {<verb>: <collection>, <field>: [...items], ordered: false}, each item written by `append`.
template <typename Items, typename Append>
BsonDocument command(const MongoOperation& op, const char* verb, const char* field, const Items& items,
                     const Append& append) {
  BsonDocument command;
  bson_append_utf8(command.get(), verb, -1, mongoc_collection_get_name(op.collection()), -1);
  bson_t array;
  bson_append_array_begin(command.get(), field, -1, &array);
  for (std::size_t i = 0; i < items.size(); ++i) append(&array, std::to_string(i).c_str(), items[i]);
  bson_append_array_end(command.get(), &array);
  bson_append_bool(command.get(), "ordered", -1, false);
  return command;
}

std::optional<std::size_t> statement_index(const bson_iter_t& entry, std::size_t count) {
  bson_iter_t field;
  if (!bson_iter_recurse(&entry, &field) || !bson_iter_find(&field, "index") || !BSON_ITER_HOLDS_NUMBER(&field)) {
    return std::nullopt;
  }
  const auto index = bson_iter_as_int64(&field);
  if (index < 0 || static_cast<std::size_t>(index) >= count) return std::nullopt;
  return static_cast<std::size_t>(index);
}

// writeErrors: [{index, code, errmsg}], as the server's own error for that statement. Returns
// how many statements failed.
std::size_t read_write_errors(const bson_t& reply, std::vector<BulkWrite::Statement>& statements) {
  std::size_t failed = 0;
  bson_iter_t errors, entry;
  if (!bson_iter_init_find(&errors, &reply, "writeErrors") || !bson_iter_recurse(&errors, &entry)) return failed;
  while (bson_iter_next(&entry)) {
    const auto index = statement_index(entry, statements.size());
    if (!index) continue;
    ++failed;
    auto& statement = statements[*index];
    bson_iter_t field;
    const auto code = bson_iter_recurse(&entry, &field) && bson_iter_find(&field, "code") ? bson_iter_as_int64(&field) : 0;
    std::string message = "write error";
    if (bson_iter_recurse(&entry, &field) && bson_iter_find(&field, "errmsg") && BSON_ITER_HOLDS_UTF8(&field)) {
      message = bson_iter_utf8(&field, nullptr);
    }
    bson_set_error(&statement.error, MONGOC_ERROR_SERVER, static_cast<std::uint32_t>(code), "%s", message.c_str());
    statement.status = code == MONGOC_ERROR_DUPLICATE_KEY ? BulkWrite::Status::DuplicateKey : BulkWrite::Status::Failed;
  }
  return failed;
}

// n: the statements that inserted, matched or upserted.
std::optional<std::int64_t> written_count(const bson_t& reply) {
  bson_iter_t n;
  if (!bson_iter_init_find(&n, &reply, "n") || !BSON_ITER_HOLDS_NUMBER(&n)) return std::nullopt;
  return bson_iter_as_int64(&n);
}

// upserted: [{index, _id}], matched to the statement whose filter names that _id.
void read_upserted(const bson_t& reply, std::span<const domain::ObjectId> ids,
                   std::vector<BulkWrite::Statement>& statements) {
  bson_iter_t upserted, entry;
  if (!bson_iter_init_find(&upserted, &reply, "upserted") || !bson_iter_recurse(&upserted, &entry)) return;
  while (bson_iter_next(&entry)) {
    bson_iter_t field;
    if (!bson_iter_recurse(&entry, &field) || !bson_iter_find(&field, "_id") || !BSON_ITER_HOLDS_OID(&field)) continue;
    const auto* oid = bson_iter_oid(&field);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (std::memcmp(ids[i].bytes().data(), oid->bytes, sizeof oid->bytes) == 0) {
        statements[i].status = BulkWrite::Status::Upserted;
      }
    }
  }
}

BulkWrite::Result run(const MongoOperation& op, const BsonDocument& command, std::size_t count,
                      std::span<const domain::ObjectId> upsert_ids) {
  const auto options = op.options();
  BsonDocument reply;
  bson_error_t error;
  if (!mongoc_collection_write_command_with_opts(op.collection(), command.get(), options.get(), reply.get(),
                                                 &error)) {
    BulkWrite::Result failed;
    failed.complete = false;
    failed.error = error;
    return failed;
  }
  return BulkWrite::read_reply(*reply.get(), count, upsert_ids);
}

}  // namespace

BulkWrite::Result BulkWrite::insert(const MongoOperation& op, std::span<const BsonDocument> documents) {
  const auto insert = command(op, "insert", "documents", documents,
                              [](bson_t* array, const char* key, const BsonDocument& document) {
                                bson_append_document(array, key, -1, document.get());
                              });
  return run(op, insert, documents.size(), {});
}

BulkWrite::Result BulkWrite::update(const MongoOperation& op, std::span<const Update> updates) {
  const auto update = command(op, "update", "updates", updates, [](bson_t* array, const char* key, const Update& u) {
    bson_t statement;
    bson_append_document_begin(array, key, -1, &statement);
    bson_append_document(&statement, "q", -1, u.filter.get());
    bson_append_document(&statement, "u", -1, u.update.get());
    bson_append_bool(&statement, "upsert", -1, true);
    bson_append_document_end(array, &statement);
  });
  std::vector<domain::ObjectId> ids;
  ids.reserve(updates.size());
  for (const auto& u : updates) ids.push_back(u.id);
  return run(op, update, updates.size(), ids);
}

BulkWrite::Result BulkWrite::read_reply(const bson_t& reply, std::size_t count,
                                        std::span<const domain::ObjectId> upsert_ids) {
  Result result;
  result.statements.resize(count);
  const auto failed = read_write_errors(reply, result.statements);
  // Every statement is either written or failed. FerretDB stops an update command at its first
  // failing statement and reports that one alone, at index 0 and without n.
  if (written_count(reply) != static_cast<std::int64_t>(count - failed)) {
    result.complete = false;
    const auto first = std::find_if(result.statements.begin(), result.statements.end(),
                                    [](const auto& s) { return s.status != Status::Written; });
    if (first != result.statements.end()) {
      result.error = first->error;
    } else {
      bson_set_error(&result.error, MONGOC_ERROR_SERVER, 0, "the reply does not account for every statement");
    }
    return result;
  }
  read_upserted(reply, upsert_ids, result.statements);
  return result;
}

}  // namespace products::adapters::mongo
