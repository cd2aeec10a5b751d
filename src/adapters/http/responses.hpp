#pragma once

#include <exception>
#include <string>
#include <string_view>

#include <boost/beast/http/status.hpp>

#include "adapters/http/http_message.hpp"
#include "domain/error.hpp"

namespace products::adapters::http {

// What a client reads instead of internals on a 500 (the details go to the log).
inline constexpr std::string_view kInternalErrorMessage = "internal error";

// The one mapping of the domain's failures to HTTP. DeadlineExceeded is 503, like Unavailable:
// both mean "the service could not finish in time, retry later" (SPEC §3), not a gateway timeout.
boost::beast::http::status status_for(domain::ErrorKind kind) noexcept;

Response json_response(boost::beast::http::status status, std::string body);

// {"status": 400, "error": "Bad Request", "message": "…", "fields": {…}}; fields only when given.
Response error_response(boost::beast::http::status status, std::string_view message,
                        const domain::FieldErrors& fields = {});

// The answer to a HEAD request: the GET's headers, Content-Length included, without its body.
void strip_body(Response& response);

// The answer to whatever a handler or a dependency threw: a domain::Error maps by its kind, anything
// else is a 500. Server-side failures are logged here, with the details the client never sees.
Response error_response(std::exception_ptr error);

}  // namespace products::adapters::http
