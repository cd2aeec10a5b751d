#pragma once

#include <memory>

#include <mongoc/mongoc.h>

namespace products::adapters::mongo {

// Owning handles for the libmongoc objects that have a plain destroy function. Pooled clients and
// bson_t have their own wrappers (PooledClient, BsonDocument): they are not simply destroyed.
template <auto Destroy>
struct HandleDeleter {
  template <typename T>
  void operator()(T* handle) const noexcept {
    Destroy(handle);
  }
};

using UriHandle = std::unique_ptr<mongoc_uri_t, HandleDeleter<mongoc_uri_destroy>>;
using ClientPoolHandle = std::unique_ptr<mongoc_client_pool_t, HandleDeleter<mongoc_client_pool_destroy>>;
using CollectionHandle = std::unique_ptr<mongoc_collection_t, HandleDeleter<mongoc_collection_destroy>>;
using CursorHandle = std::unique_ptr<mongoc_cursor_t, HandleDeleter<mongoc_cursor_destroy>>;
using WriteConcernHandle = std::unique_ptr<mongoc_write_concern_t, HandleDeleter<mongoc_write_concern_destroy>>;
using FindAndModifyOptsHandle =
    std::unique_ptr<mongoc_find_and_modify_opts_t, HandleDeleter<mongoc_find_and_modify_opts_destroy>>;

}  // namespace products::adapters::mongo
