#pragma once

#include <map>
#include <optional>
#include <span>
#include <vector>

#include "domain/error.hpp"
#include "usecase/product_cache.hpp"

namespace products::testing {

// An in-memory ProductCache; each operation can be made to throw Unavailable on its own, because
// the service must treat a failing get, put and invalidate differently from a miss.
class FakeProductCache : public usecase::ProductCache {
 public:
  std::optional<domain::Product> get(const domain::ObjectId& id, domain::Deadline) override {
    ++gets;
    if (fail_get) throw domain::Error::unavailable("redis down");
    auto it = entries.find(id);
    if (it == entries.end()) return std::nullopt;
    return it->second;
  }

  void put(const domain::Product& product, domain::Deadline) override {
    ++puts;
    if (fail_put) throw domain::Error::unavailable("redis down");
    entries[product.id] = product;
  }

  void invalidate(const domain::ObjectId& id, domain::Deadline) override {
    invalidated.push_back(id);
    if (fail_invalidate) throw domain::Error::unavailable("redis down");
    entries.erase(id);
  }

  // One call for many ids, as the service's batched writes make it.
  void invalidate_many(std::span<const domain::ObjectId> ids, domain::Deadline deadline) override {
    ++invalidate_many_calls;
    for (const auto& id : ids) invalidate(id, deadline);
  }

  void invalidate_all(domain::Deadline) override {
    ++invalidate_all_calls;
    if (fail_invalidate) throw domain::Error::unavailable("redis down");
    entries.clear();
  }

  void fail_everything() { fail_get = fail_put = fail_invalidate = true; }

  std::map<domain::ObjectId, domain::Product> entries;
  std::vector<domain::ObjectId> invalidated;
  int invalidate_many_calls = 0;
  int invalidate_all_calls = 0;
  int gets = 0;
  int puts = 0;
  bool fail_get = false;
  bool fail_put = false;
  bool fail_invalidate = false;
};

}  // namespace products::testing
