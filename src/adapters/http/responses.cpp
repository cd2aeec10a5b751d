#include "adapters/http/responses.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

namespace products::adapters::http {

namespace beast_http = boost::beast::http;
using beast_http::status;

status status_for(domain::ErrorKind kind) noexcept {
  switch (kind) {
    case domain::ErrorKind::InvalidArgument: return status::bad_request;
    case domain::ErrorKind::NotFound: return status::not_found;
    // The Idempotency-Key draft's answer to a key reused with another body.
    case domain::ErrorKind::Conflict: return status::unprocessable_entity;
    case domain::ErrorKind::Unavailable: return status::service_unavailable;
    case domain::ErrorKind::DeadlineExceeded: return status::service_unavailable;
    case domain::ErrorKind::Internal: return status::internal_server_error;
  }
  return status::internal_server_error;
}

Response json_response(status code, std::string body) {
  Response response{code, 11};
  response.set(beast_http::field::content_type, "application/json");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response error_response(status code, std::string_view message, const domain::FieldErrors& fields) {
  boost::json::object body;
  body["status"] = static_cast<int>(code);
  body["error"] = beast_http::obsolete_reason(code);
  body["message"] = message;
  if (!fields.empty()) {
    boost::json::object named;
    for (const auto& [field, problem] : fields) named[field] = problem;
    body["fields"] = std::move(named);
  }
  auto response = json_response(code, boost::json::serialize(body));
  // Every 503 here is a transient condition (a dependency, a full queue, a missed deadline).
  if (code == status::service_unavailable) response.set(beast_http::field::retry_after, "1");
  return response;
}

void strip_body(Response& response) {
  if (response.body().empty()) return;
  response.content_length(response.body().size());
  response.body().clear();
}

Response error_response(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const domain::Error& e) {
    const auto code = status_for(e.kind());
    switch (e.kind()) {
      case domain::ErrorKind::InvalidArgument:
      case domain::ErrorKind::NotFound:
      case domain::ErrorKind::Conflict:
        return error_response(code, e.what(), e.fields());
      case domain::ErrorKind::Unavailable:
      case domain::ErrorKind::DeadlineExceeded:
        spdlog::warn("http: {}: {}", domain::to_string(e.kind()), e.what());
        return error_response(code, "the service cannot complete the request now; retry later");
      case domain::ErrorKind::Internal:
        break;
    }
    spdlog::error("http: internal error: {}", e.what());
  } catch (const std::exception& e) {
    spdlog::error("http: internal error: {}", e.what());
  } catch (...) {
    spdlog::error("http: internal error: unknown exception");
  }
  return error_response(status::internal_server_error, kInternalErrorMessage);
}

}  // namespace products::adapters::http
