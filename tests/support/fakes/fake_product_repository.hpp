#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "domain/error.hpp"
#include "usecase/product_repository.hpp"

namespace products::testing {

// An in-memory ProductRepository that keeps the versioning rules of the port (tombstones, older
// versions ignored, createdAt kept), and records each call so tests can see what the service asked.
class FakeProductRepository : public usecase::ProductRepository {
 public:
  struct Stored {
    domain::Product product;
    std::int64_t version = 0;
    bool deleted = false;
  };
  struct Call {
    std::string op;
    domain::ObjectId id;
    std::int64_t version = 0;
  };

  bool upsert(const domain::Product& product, std::int64_t version, domain::Deadline) override {
    calls.push_back({"upsert", product.id, version});
    throw_if_failing();
    auto it = store.find(product.id);
    if (it != store.end() && (it->second.deleted || it->second.version >= version)) return false;
    Stored next{product, version, false};
    if (it != store.end()) next.product.created_at = it->second.product.created_at;
    store[product.id] = next;
    return true;
  }

  std::optional<domain::Product> replace_existing(const domain::Product& product, std::int64_t version,
                                                  domain::Deadline) override {
    calls.push_back({"replace_existing", product.id, version});
    throw_if_failing();
    auto it = store.find(product.id);
    if (it == store.end() || it->second.deleted) return std::nullopt;
    it->second.product.fields = product.fields;
    it->second.product.updated_at = product.updated_at;
    it->second.version = version;
    return it->second.product;
  }

  bool remove(const domain::ObjectId& id, std::int64_t version, domain::Deadline) override {
    calls.push_back({"remove", id, version});
    throw_if_failing();
    auto& entry = store[id];
    const bool was_live = !entry.deleted && entry.version != 0;
    entry.product.id = id;
    entry.deleted = true;
    entry.version = std::max(entry.version, version);
    return was_live;
  }

  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, domain::Deadline) override {
    calls.push_back({"find_by_id", id, 0});
    throw_if_failing();
    auto it = store.find(id);
    if (it == store.end() || it->second.deleted) return std::nullopt;
    return it->second.product;
  }

  domain::SearchPage search(const domain::SearchQuery& query, domain::Deadline) override {
    calls.push_back({"search", {}, 0});
    throw_if_failing();
    last_query = query;
    return search_result;
  }

  // Seeds a live product as if an earlier write had stored it.
  void seed(const domain::Product& product, std::int64_t version = 1) { store[product.id] = {product, version}; }

  std::size_t count(const std::string& op) const {
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const Call& c) { return c.op == op; }));
  }

  std::map<domain::ObjectId, Stored> store;
  std::vector<Call> calls;
  std::optional<domain::Error> fail_with;  // every call throws this when set
  domain::SearchPage search_result;
  std::optional<domain::SearchQuery> last_query;

 private:
  void throw_if_failing() const {
    if (fail_with) throw *fail_with;
  }
};

}  // namespace products::testing
