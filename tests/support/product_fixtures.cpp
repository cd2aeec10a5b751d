#include "support/product_fixtures.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "support/test_env.hpp"

namespace products::testing {

namespace bj = boost::json;

bj::object valid_product_json(std::string_view name) {
  return bj::object{
      {"categoryId", "65a1b2c3d4e5f60718293a4b"},
      {"name", name},
      {"description", "A sturdy product made for end-to-end tests"},
      {"price", 19.99},
      {"imageUrl", "https://images.example.com/product.png"},
      {"photos", bj::array{"https://images.example.com/1.png", "http://images.example.com/2.jpg"}},
      {"quantity", 7},
      {"rating", 4},
  };
}

std::string product_path(std::string_view id) { return fmt::format("/api/v1/products/{}", id); }

bool is_object_id(std::string_view text) {
  return text.size() == 24 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string query_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

std::optional<bj::object> json_object(const std::string& body) {
  boost::system::error_code ec;
  auto value = bj::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string string_member(const bj::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return {};
  return std::string(value->as_string());
}

std::string create_product(const HttpClient& client, const bj::object& product) {
  const auto result = client.request("POST", "/api/v1/products", bj::serialize(product));
  if (result.status != 202) return {};
  const auto body = json_object(result.body);
  return body ? string_member(*body, "productId") : std::string();
}

HttpResult get_until_status(const HttpClient& client, std::string_view id, int status,
                            std::chrono::milliseconds timeout) {
  HttpResult last;
  wait_until(
      [&] {
        last = client.get(product_path(id));
        return last.status == status;
      },
      timeout, std::chrono::milliseconds(100));
  return last;
}

}  // namespace products::testing
