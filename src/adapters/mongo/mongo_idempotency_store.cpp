#include "adapters/mongo/mongo_idempotency_store.hpp"

#include <spdlog/spdlog.h>

#include "adapters/mongo/bson_document.hpp"
#include "adapters/mongo/find_and_modify.hpp"
#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/product_document.hpp"
#include "domain/error.hpp"

namespace products::adapters::mongo {

using domain::Deadline;
using domain::Timestamp;
using usecase::KeyedCreate;
using Doc = ProductDocument;

namespace {

constexpr const char* kExpiresAt = "expiresAt";
constexpr const char* kCommand = "command";
// A claim that loses a race reads what won; more rounds than this means the key keeps changing hands.
constexpr int kAttempts = 3;

void append_key(bson_t* document, const std::string& key) {
  bson_append_utf8(document, Doc::kId, -1, key.data(), static_cast<int>(key.size()));
}

BsonDocument by_key(const std::string& key) {
  BsonDocument filter;
  append_key(filter.get(), key);
  return filter;
}

// {_id: key, expiresAt: {$lte: now}}: a record a new claim may take over.
BsonDocument expired_record(const std::string& key, Timestamp now) {
  auto filter = by_key(key);
  bson_t condition;
  bson_append_document_begin(filter.get(), kExpiresAt, -1, &condition);
  Doc::append_date(&condition, "$lte", now);
  bson_append_document_end(filter.get(), &condition);
  return filter;
}

void append_record(bson_t* document, const KeyedCreate& create, Timestamp expires_at) {
  Doc::append_date(document, kExpiresAt, expires_at);
  const auto command = Doc::versioned_document(create.product, create.version);
  bson_append_document(document, kCommand, -1, command.get());
}

BsonDocument set_on_insert(const KeyedCreate& create, Timestamp expires_at) {
  BsonDocument update;
  bson_t fields;
  bson_append_document_begin(update.get(), "$setOnInsert", -1, &fields);
  append_record(&fields, create, expires_at);
  bson_append_document_end(update.get(), &fields);
  return update;
}

BsonDocument replacement(const KeyedCreate& create, Timestamp expires_at) {
  BsonDocument document;
  append_record(document.get(), create, expires_at);
  return document;
}

struct Record {
  KeyedCreate create;
  Timestamp expires_at{};
};

[[noreturn]] void corrupt(const std::string& key, std::string_view problem) {
  spdlog::error("mongodb: idempotency record \"{}\": {}", key, problem);
  throw domain::Error::internal("mongodb: a stored idempotency record is malformed");
}

Record record_of(const bson_t& document, const std::string& key) {
  Record record;
  record.create.key = key;
  bson_iter_t iter;
  if (!bson_iter_init_find(&iter, &document, kExpiresAt) || !BSON_ITER_HOLDS_DATE_TIME(&iter)) {
    corrupt(key, "has no expiresAt date");
  }
  record.expires_at = Timestamp(std::chrono::milliseconds(bson_iter_date_time(&iter)));
  if (!bson_iter_init_find(&iter, &document, kCommand) || !BSON_ITER_HOLDS_DOCUMENT(&iter)) {
    corrupt(key, "has no command document");
  }
  std::uint32_t length = 0;
  const std::uint8_t* data = nullptr;
  bson_iter_document(&iter, &length, &data);
  bson_t command;
  if (!bson_init_static(&command, data, length)) corrupt(key, "has a malformed command document");
  record.create.product = Doc::from_bson(command);
  record.create.version = Doc::state_of(command).version;
  return record;
}

}  // namespace

MongoIdempotencyStore::MongoIdempotencyStore(MongoClientPool& pool, std::chrono::seconds retention,
                                             std::chrono::milliseconds purge_interval)
    : pool_(pool), retention_(retention) {
  if (purge_interval.count() > 0) {
    purger_ = std::jthread([this, purge_interval](std::stop_token stop) { purge_every(purge_interval, stop); });
  }
}

KeyedCreate MongoIdempotencyStore::claim(const KeyedCreate& candidate, Deadline deadline) {
  const MongoOperation op(pool_, "idempotency claim", deadline, pool_.config().idempotency_collection);
  const auto now = domain::now_ms();
  const auto expires_at = now + retention_;
  const auto key = by_key(candidate.key);
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    // Inserts the candidate unless the key holds a record, and answers what the key holds then.
    const auto held = FindAndModify::run(op, key, set_on_insert(candidate, expires_at),
                                         static_cast<mongoc_find_and_modify_flags_t>(
                                             MONGOC_FIND_AND_MODIFY_UPSERT | MONGOC_FIND_AND_MODIFY_RETURN_NEW));
    if (!held.duplicate_key) {
      if (!held.value) corrupt(candidate.key, "vanished from the upsert that answers it");
      auto record = record_of(*held.value->get(), candidate.key);
      if (record.expires_at > now) return std::move(record.create);
      // Past its window: the key is free again, unless another claim took it over first.
      const auto taken = FindAndModify::run(op, expired_record(candidate.key, now),
                                            replacement(candidate, expires_at), MONGOC_FIND_AND_MODIFY_NONE);
      if (taken.value) return candidate;
    }
    // A concurrent claim of the key got there between our match and our insert: read what it made.
    op.check_deadline();
  }
  spdlog::error("mongodb: idempotency key \"{}\" kept changing hands", candidate.key);
  throw domain::Error::internal("mongodb: an idempotency key kept changing hands");
}

std::int64_t MongoIdempotencyStore::purge_expired(Deadline deadline) {
  const MongoOperation op(pool_, "idempotency purge", deadline, pool_.config().idempotency_collection);
  BsonDocument filter;
  bson_t condition;
  bson_append_document_begin(filter.get(), kExpiresAt, -1, &condition);
  Doc::append_date(&condition, "$lte", domain::now_ms());
  bson_append_document_end(filter.get(), &condition);
  BsonDocument reply;
  bson_error_t error;
  // No maxTimeMS: the delete command takes none; the pool's socket timeout bounds it.
  if (!mongoc_collection_delete_many(op.collection(), filter.get(), nullptr, reply.get(), &error)) {
    throw op.error(error);
  }
  bson_iter_t count;
  return bson_iter_init_find(&count, reply.get(), "deletedCount") && BSON_ITER_HOLDS_NUMBER(&count)
             ? bson_iter_as_int64(&count)
             : 0;
}

void MongoIdempotencyStore::purge_every(std::chrono::milliseconds interval, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  // The stop token wakes the wait, so the thread ends at once with the store.
  while (!wake_.wait_for(lock, stop, interval, [&stop] { return stop.stop_requested(); })) {
    lock.unlock();
    try {
      if (const auto purged = purge_expired(Deadline::after(interval)); purged > 0) {
        spdlog::info("mongodb: purged {} expired idempotency records", purged);
      }
    } catch (const std::exception& e) {
      // The next round tries again; until then an expired record is only taken over on its next claim.
      spdlog::warn("mongodb: purging expired idempotency records failed: {}", e.what());
    }
    lock.lock();
  }
}

}  // namespace products::adapters::mongo
