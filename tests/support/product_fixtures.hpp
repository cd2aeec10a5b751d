#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "support/http_client.hpp"

namespace products::testing {

// A product body that passes every validation rule; tests change one field to break one rule.
boost::json::object valid_product_json(std::string_view name);

std::string product_path(std::string_view id);

// 24 lowercase hex digits: how the service writes ids.
bool is_object_id(std::string_view text);

// `text` percent-encoded for a query parameter, so that `+`, `&`, `#`, `{` and friends reach the
// server as typed.
std::string query_encode(std::string_view text);

// The body as a JSON object, or nullopt when it is not one.
std::optional<boost::json::object> json_object(const std::string& body);

// The value of a string member, or "" when absent or not a string.
std::string string_member(const boost::json::object& object, std::string_view key);

// POST /api/v1/products; the new id, or "" when the answer was not 202 with a productId.
std::string create_product(const HttpClient& client, const boost::json::object& product);

// GETs the product until it answers `status`, within `timeout`: writes over REST become visible
// only once the consumer applied them. Returns the last answer.
HttpResult get_until_status(const HttpClient& client, std::string_view id, int status,
                            std::chrono::milliseconds timeout);

}  // namespace products::testing
