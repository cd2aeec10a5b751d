#pragma once

#include <cstdint>
#include <optional>

#include "adapters/mongo/mongo_operation.hpp"
#include "domain/object_id.hpp"
#include "domain/product.hpp"

namespace products::adapters::mongo {

// The versioned writes of one product, each a conditional single-document write: one round trip
// when it applies. The condition {_id, deleted != true, version < v (or absent)} either matches
// and the write applies, or it doesn't and the upsert's insert collides on _id (duplicate key):
// then the stored state decides whether the write is superseded (a tombstone, or a version >= v)
// or lost a race with a concurrent insert, in which case it is tried again. createdAt is the
// earliest any write carried, so it, too, ends the same whatever the order.
//
// Callers hold the product's WriteLocks: on FerretDB that is what makes these writes atomic.
class VersionedWrites {
 public:
  // ProductRepository::upsert's meaning.
  static bool upsert(const MongoOperation& op, const domain::Product& product, std::int64_t version);
  // The same, for a write whose insert has just collided with the stored document: it starts by
  // reading what is stored, which in the usual case (a replay, a superseded write) settles it.
  static bool upsert_after_collision(const MongoOperation& op, const domain::Product& product, std::int64_t version);

  // ProductRepository::remove's meaning: a live product is tombstoned whatever its version; a
  // tombstone only takes a newer version. Returns whether a live product was there.
  static bool remove(const MongoOperation& op, const domain::ObjectId& id, std::int64_t version);
  static bool remove_after_collision(const MongoOperation& op, const domain::ObjectId& id, std::int64_t version);

  // ProductRepository::replace_existing's meaning.
  static std::optional<domain::Product> replace_existing(const MongoOperation& op, const domain::Product& product,
                                                         std::int64_t version);

  // The live product: read by exactly {_id}, a tombstone counts as absent.
  static std::optional<domain::Product> find_live(const MongoOperation& op, const domain::ObjectId& id);
};

}  // namespace products::adapters::mongo
