#include "adapters/mongo/bson_document.hpp"

namespace products::adapters::mongo {

BsonDocument::BsonDocument() noexcept { bson_init(&document_); }

BsonDocument::~BsonDocument() { bson_destroy(&document_); }

BsonDocument::BsonDocument(BsonDocument&& other) noexcept {
  bson_steal(&document_, &other.document_);
  bson_init(&other.document_);
}

BsonDocument& BsonDocument::operator=(BsonDocument&& other) noexcept {
  if (this != &other) {
    bson_destroy(&document_);
    bson_steal(&document_, &other.document_);
    bson_init(&other.document_);
  }
  return *this;
}

BsonDocument BsonDocument::copy_of(const bson_t& document) {
  BsonDocument copy;
  bson_destroy(&copy.document_);
  bson_copy_to(&document, &copy.document_);
  return copy;
}

std::string BsonDocument::json() const {
  char* text = bson_as_relaxed_extended_json(&document_, nullptr);
  std::string out = text ? text : "";
  bson_free(text);
  return out;
}

}  // namespace products::adapters::mongo
