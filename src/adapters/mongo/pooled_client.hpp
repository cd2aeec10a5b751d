#pragma once

#include <mongoc/mongoc.h>

namespace products::adapters::mongo {

// A client checked out of a pool for one scope: popped in the constructor, pushed back in the
// destructor. Throws domain::Error(Unavailable) when no client becomes free within the pool's
// wait timeout.
class PooledClient {
 public:
  explicit PooledClient(mongoc_client_pool_t* pool);
  ~PooledClient();
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;

  mongoc_client_t* get() const noexcept { return client_; }

 private:
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

}  // namespace products::adapters::mongo
