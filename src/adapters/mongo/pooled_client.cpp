#include "adapters/mongo/pooled_client.hpp"

#include "domain/error.hpp"

namespace products::adapters::mongo {

PooledClient::PooledClient(mongoc_client_pool_t* pool) : pool_(pool), client_(mongoc_client_pool_pop(pool)) {
  // pop gives up, returning null, only after the URI's waitQueueTimeoutMS.
  if (!client_) throw domain::Error::unavailable("mongodb: no pooled connection became free in time");
}

PooledClient::PooledClient(mongoc_client_pool_t* pool, std::try_to_lock_t)
    : pool_(pool), client_(mongoc_client_pool_try_pop(pool)) {}

PooledClient::~PooledClient() {
  if (client_) mongoc_client_pool_push(pool_, client_);
}

}  // namespace products::adapters::mongo
