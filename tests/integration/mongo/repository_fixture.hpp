#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "adapters/mongo/mongo_operation.hpp"
#include "adapters/mongo/mongo_product_repository.hpp"
#include "adapters/mongo/product_document.hpp"
#include "integration/mongo/mongo_fixture.hpp"

namespace products::adapters::mongo {

inline const domain::Timestamp kEpoch(std::chrono::milliseconds(1'750'000'000'000));

inline domain::Product make_product(std::string name, std::string description = "a product",
                                   domain::Timestamp created = kEpoch) {
  domain::Product product;
  product.id = domain::ObjectId::generate();
  product.fields.category_id = *domain::ObjectId::parse("0123456789abcdef01234567");
  product.fields.name = std::move(name);
  product.fields.description = std::move(description);
  product.fields.price = 10.5;
  product.fields.image_url = "https://example.com/image.png";
  product.fields.photos = {"https://example.com/1.png"};
  product.fields.quantity = 3;
  product.fields.rating = 4;
  product.created_at = created;
  product.updated_at = created;
  return product;
}

// The same product as a later command carries it: new fields, its own issue time.
inline domain::Product edited(domain::Product product, std::string name, domain::Timestamp at) {
  product.fields.name = std::move(name);
  product.fields.image_url.reset();
  product.fields.quantity += 1;
  product.created_at = at;
  product.updated_at = at;
  return product;
}

// A repository on the fixture's database, and the stored documents as they are.
class Repository : public MongoFixture {
 protected:
  void SetUp() override {
    MongoFixture::SetUp();
    repository_ = std::make_unique<MongoProductRepository>(*pool_);
  }

  // The stored document without its _id, as JSON: equal strings mean equal state.
  std::string raw(const domain::ObjectId& id) {
    const MongoOperation op(*pool_, "raw", soon());
    BsonDocument filter;
    ProductDocument::append_id(filter.get(), ProductDocument::kId, id);
    BsonDocument options;
    bson_t projection;
    bson_append_document_begin(options.get(), "projection", -1, &projection);
    bson_append_int32(&projection, ProductDocument::kId, -1, 0);
    bson_append_document_end(options.get(), &projection);
    CursorHandle cursor(mongoc_collection_find_with_opts(op.collection(), filter.get(), options.get(), nullptr));
    const bson_t* document = nullptr;
    if (!mongoc_cursor_next(cursor.get(), &document)) return "absent";
    return BsonDocument::copy_of(*document).json();
  }

  std::vector<std::string> names(const domain::SearchPage& page) {
    std::vector<std::string> out;
    for (const auto& product : page.products) out.push_back(product.fields.name);
    return out;
  }

  std::vector<std::string> search_names(const std::string& text) {
    return names(repository_->search(domain::SearchQuery::make(text, 1, 100), soon()));
  }

  std::unique_ptr<MongoProductRepository> repository_;
};

}  // namespace products::adapters::mongo
