#pragma once

#include <functional>

#include "adapters/http/http_message.hpp"
#include "adapters/http/reply.hpp"

namespace products::adapters::http {

// What the server calls for each request, on an I/O thread: it must not block. The request lives
// only for the call; work that outlives it copies what it needs and answers through the Reply.
using Handler = std::function<void(const Request&, Reply)>;

}  // namespace products::adapters::http
