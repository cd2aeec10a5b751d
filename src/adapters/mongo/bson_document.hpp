#pragma once

#include <string>

#include <bson/bson.h>

namespace products::adapters::mongo {

// An owned bson_t. It is always initialised, so it can be passed both as input and as the `reply`
// out-parameter of libmongoc (which re-initialises it and leaves it to the caller to destroy).
// bson_t points into itself, so moving goes through bson_steal rather than a byte copy.
class BsonDocument {
 public:
  BsonDocument() noexcept;
  ~BsonDocument();
  BsonDocument(BsonDocument&& other) noexcept;
  BsonDocument& operator=(BsonDocument&& other) noexcept;
  BsonDocument(const BsonDocument&) = delete;
  BsonDocument& operator=(const BsonDocument&) = delete;

  // A copy of a document owned by someone else (a cursor, a reply).
  static BsonDocument copy_of(const bson_t& document);

  bson_t* get() noexcept { return &document_; }
  const bson_t* get() const noexcept { return &document_; }
  // Relaxed extended JSON, for logs and test failure messages.
  std::string json() const;

 private:
  bson_t document_;
};

}  // namespace products::adapters::mongo
