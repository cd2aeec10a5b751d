#include "adapters/mongo/find_and_modify.hpp"

#include "adapters/mongo/mongo_errors.hpp"
#include "adapters/mongo/mongo_handles.hpp"

namespace products::adapters::mongo {

FindAndModify::Result FindAndModify::run(const MongoOperation& op, const BsonDocument& query,
                                         const BsonDocument& update, mongoc_find_and_modify_flags_t flags) {
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

}  // namespace products::adapters::mongo
