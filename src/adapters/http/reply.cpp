#include "adapters/http/reply.hpp"

#include <spdlog/spdlog.h>

#include "adapters/http/responses.hpp"

namespace products::adapters::http {

Reply::Reply(Send send) : send_(std::move(send)) {}

Reply::Reply(Reply&& other) noexcept
    : send_(std::move(other.send_)), answered_(other.answered_.exchange(true)) {}

Reply::~Reply() {
  if (answered_.load()) return;
  try {
    spdlog::error("http: a handler dropped its reply without answering");
    (*this)(error_response(boost::beast::http::status::internal_server_error, kInternalErrorMessage));
  } catch (...) {
    // Out of memory while unwinding: the connection's timeouts still end the wait.
  }
}

void Reply::operator()(Response response) {
  if (answered_.exchange(true)) return;
  send_(std::move(response));
}

}  // namespace products::adapters::http
