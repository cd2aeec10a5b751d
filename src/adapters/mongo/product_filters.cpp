#include "adapters/mongo/product_filters.hpp"

#include "adapters/mongo/product_document.hpp"
#include "adapters/mongo/regex_literal.hpp"

namespace products::adapters::mongo {

using domain::ObjectId;
using Doc = ProductDocument;

namespace {

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

}  // namespace

BsonDocument ProductFilters::by_id(const ObjectId& id) {
  BsonDocument filter;
  Doc::append_id(filter.get(), Doc::kId, id);
  return filter;
}

BsonDocument ProductFilters::live(const ObjectId& id) {
  auto filter = by_id(id);
  append_live(filter.get());
  return filter;
}

BsonDocument ProductFilters::replaceable(const ObjectId& id, std::int64_t version) {
  auto filter = live(id);
  append_older_than(filter.get(), version);
  return filter;
}

BsonDocument ProductFilters::removable(const ObjectId& id, std::int64_t version) {
  auto filter = by_id(id);
  append_either(filter.get(), append_live, [&](bson_t* older) { append_older_than(older, version); });
  return filter;
}

BsonDocument ProductFilters::created_after(const ObjectId& id, domain::Timestamp at) {
  auto filter = live(id);
  bson_t later;
  bson_append_document_begin(filter.get(), Doc::kCreatedAt, -1, &later);
  Doc::append_date(&later, "$gt", at);
  bson_append_document_end(filter.get(), &later);
  return filter;
}

BsonDocument ProductFilters::containing(const std::string& text) {
  BsonDocument filter;
  append_live(filter.get());
  if (!text.empty()) {
    const auto pattern = escape_regex(text);
    const auto contains = [&](const char* field) {
      return [&pattern, field](bson_t* condition) { bson_append_regex(condition, field, -1, pattern.c_str(), "i"); };
    };
    append_either(filter.get(), contains(Doc::kName), contains(Doc::kDescription));
  }
  return filter;
}

void ProductFilters::append_newest_first(bson_t* options) {
  bson_t sort;
  bson_append_document_begin(options, "sort", -1, &sort);
  bson_append_int32(&sort, Doc::kCreatedAt, -1, -1);
  bson_append_int32(&sort, Doc::kId, -1, -1);
  bson_append_document_end(options, &sort);
}

}  // namespace products::adapters::mongo
