#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/http/cors_policy.hpp"
#include "adapters/http/responses.hpp"
#include "adapters/http/router.hpp"

namespace products::adapters::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using beast_http::verb;

constexpr const char* kShop = "https://shop.example";

class CorsTest : public ::testing::Test {
 protected:
  void allow(std::vector<std::string> origins) {
    router_.add(verb::get, "/items/{id}", [](const Request&, const PathParams&, Reply& reply) {
      reply(json_response(status::ok, "{}"));
    });
    router_.add(verb::delete_, "/items/{id}", [](const Request&, const PathParams&, Reply& reply) {
      reply(json_response(status::accepted, "{}"));
    });
    router_.allow_cors(CorsPolicy(std::move(origins)));
  }

  Response send(verb method, const std::string& origin, const std::string& request_method = {}) {
    Request request{method, "/items/42", 11};
    if (!origin.empty()) request.set(field::origin, origin);
    if (!request_method.empty()) request.set(field::access_control_request_method, request_method);
    std::optional<Response> sent;
    router_.dispatch(request, Reply([&](Response&& response) { sent = std::move(response); }));
    EXPECT_TRUE(sent);
    return sent ? std::move(*sent) : Response{};
  }

  Router router_;
};

TEST_F(CorsTest, PreflightFromAnAllowedOriginIsAnsweredPerTheFetchStandard) {
  allow({"http://localhost:3000", kShop});
  const auto response = send(verb::options, kShop, "DELETE");
  EXPECT_EQ(response.result(), status::no_content);
  EXPECT_EQ(response[field::access_control_allow_origin], kShop);
  EXPECT_EQ(response[field::access_control_allow_methods], "GET, DELETE, HEAD, OPTIONS");
  const std::string headers(response[field::access_control_allow_headers]);
  EXPECT_NE(headers.find("Content-Type"), std::string::npos);
  EXPECT_NE(headers.find("traceparent"), std::string::npos);
  // A browser client may retry its creates safely, too.
  EXPECT_NE(headers.find("Idempotency-Key"), std::string::npos);
  EXPECT_EQ(response[field::access_control_max_age], std::to_string(CorsPolicy::kMaxAgeSeconds));
  EXPECT_EQ(response[field::vary], "Origin");
  EXPECT_EQ(response[field::allow], "GET, DELETE, HEAD, OPTIONS");
  EXPECT_EQ(response.count(field::access_control_allow_credentials), 0u);
}

TEST_F(CorsTest, PreflightFromAnotherOriginGetsNoCorsHeaders) {
  allow({kShop});
  const auto response = send(verb::options, "https://evil.example", "DELETE");
  EXPECT_EQ(response.result(), status::no_content);
  EXPECT_EQ(response.count(field::access_control_allow_origin), 0u);
  EXPECT_EQ(response.count(field::access_control_allow_methods), 0u);
  EXPECT_EQ(response[field::vary], "Origin");
  // An origin is compared whole: scheme, host and port.
  EXPECT_EQ(send(verb::options, "http://shop.example", "GET").count(field::access_control_allow_origin), 0u);
  EXPECT_EQ(send(verb::options, "https://shop.example:8443", "GET").count(field::access_control_allow_origin), 0u);
}

TEST_F(CorsTest, ActualResponsesCarryTheOriginOnlyWhenItIsAllowed) {
  allow({kShop});
  const auto allowed = send(verb::get, kShop);
  EXPECT_EQ(allowed.result(), status::ok);
  EXPECT_EQ(allowed[field::access_control_allow_origin], kShop);
  EXPECT_EQ(allowed[field::vary], "Origin");
  EXPECT_NE(std::string(allowed[field::access_control_expose_headers]).find("Location"), std::string::npos);
  // No preflight headers on an actual response.
  EXPECT_EQ(allowed.count(field::access_control_allow_methods), 0u);
  EXPECT_EQ(send(verb::get, "https://evil.example").count(field::access_control_allow_origin), 0u);
  // Errors are readable too, so that a page can show what went wrong.
  EXPECT_EQ(send(verb::post, kShop)[field::access_control_allow_origin], kShop);
}

TEST_F(CorsTest, WildcardAllowsEveryOrigin) {
  allow({"*"});
  EXPECT_EQ(send(verb::options, "https://anyone.example", "GET")[field::access_control_allow_origin], "*");
  EXPECT_EQ(send(verb::get, "https://anyone.example")[field::access_control_allow_origin], "*");
}

TEST_F(CorsTest, NoPolicyMeansNoCorsHeadersAtAll) {
  allow({});
  const auto preflight = send(verb::options, kShop, "GET");
  EXPECT_EQ(preflight.result(), status::no_content);
  EXPECT_EQ(preflight.count(field::access_control_allow_origin), 0u);
  EXPECT_EQ(preflight.count(field::vary), 0u);
  EXPECT_EQ(send(verb::get, kShop).count(field::access_control_allow_origin), 0u);
}

TEST_F(CorsTest, OptionsWithoutARequestMethodIsNotAPreflight) {
  allow({kShop});
  const auto response = send(verb::options, kShop);
  EXPECT_EQ(response.result(), status::no_content);
  EXPECT_EQ(response[field::allow], "GET, DELETE, HEAD, OPTIONS");
  EXPECT_EQ(response.count(field::access_control_allow_methods), 0u);
}

}  // namespace
}  // namespace products::adapters::http
