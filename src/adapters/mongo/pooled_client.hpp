#pragma once

#include <mutex>

#include <mongoc/mongoc.h>

namespace products::adapters::mongo {

// A client checked out of a pool for one scope: popped in the constructor, pushed back in the
// destructor. Throws domain::Error(Unavailable) when no client becomes free within the pool's
// wait timeout.
class PooledClient {
 public:
  explicit PooledClient(mongoc_client_pool_t* pool);
  // Takes a client only if one is free now; otherwise holds none (see has_client).
  PooledClient(mongoc_client_pool_t* pool, std::try_to_lock_t);
  ~PooledClient();
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;

  mongoc_client_t* get() const noexcept { return client_; }
  bool has_client() const noexcept { return client_ != nullptr; }

 private:
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

}  // namespace products::adapters::mongo
