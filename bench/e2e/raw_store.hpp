#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "adapters/mongo/mongo_client_pool.hpp"
#include "domain/product.hpp"

namespace products::bench {

// The server's own speed: the same documents, filters and sort as the service's, sent straight
// through libmongoc with nothing of ours around them, on the collection the benchmarked service
// uses. Every call is bounded by `timeout`; failures throw domain::Error naming the operation.
class RawStore {
 public:
  // FerretDB 1.24 hangs when one write command carries more statements than its connection pool
  // (issue 7); 32 documents stay under every pool it is configured with here.
  static constexpr std::size_t kMaxBatch = 32;
  // Its update handler holds a connection per statement until the command ends, so concurrent
  // update commands add up: on SQLite four commands of 32 hung the server at 3,000 products. Bulk
  // updates keep at most `in_flight` statements in flight over all writers: this many per command.
  static std::size_t update_batch(int writers, int in_flight);

  RawStore(adapters::mongo::MongoConfig config, std::chrono::milliseconds timeout);

  void drop_database();
  std::int64_t count();
  // buildInfo's version, and FerretDB's own version when the server is FerretDB.
  std::string server_version();

  // Documents in the stored shape (ProductDocument's fields, `version` set, no `deleted`).
  void insert_many(std::span<const domain::Product> products, std::int64_t version);
  void insert_one(const domain::Product& product, std::int64_t version);
  // One bulk write of update-by-`_id` statements, each the service's own update document.
  void update_many(std::span<const domain::Product> products, std::int64_t version);
  bool find_by_id(const domain::ObjectId& id);
  // The service's search, as the server serves it: the count, then the first page of 10 newest.
  std::int64_t search_first_page(const std::string& text);

 private:
  adapters::mongo::MongoClientPool pool_;
  std::chrono::milliseconds timeout_;
};

}  // namespace products::bench
