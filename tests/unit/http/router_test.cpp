#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/http/responses.hpp"
#include "adapters/http/router.hpp"
#include "domain/error.hpp"

namespace products::adapters::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;
using beast_http::verb;

Response dispatch(const Router& router, verb method, std::string target) {
  std::optional<Response> sent;
  router.dispatch(Request{method, target, 11}, Reply([&](Response&& response) { sent = std::move(response); }));
  EXPECT_TRUE(sent) << "the router must answer synchronous handlers at once";
  return sent ? std::move(*sent) : Response{};
}

Router::RouteHandler answer_with(std::string name) {
  return [name](const Request&, const PathParams& params, Reply& reply) {
    std::string body = name;
    for (const auto& [key, value] : params) body += " " + key + "=" + value;
    reply(json_response(status::ok, body));
  };
}

TEST(RouterTest, LiteralSegmentsBeatPlaceholders) {
  Router router;
  router.add(verb::get, "/items/{id}", answer_with("item"));
  router.add(verb::get, "/items/search", answer_with("search"));
  EXPECT_EQ(dispatch(router, verb::get, "/items/search?q=1").body(), "search");
  EXPECT_EQ(dispatch(router, verb::get, "/items/42").body(), "item id=42");
}

TEST(RouterTest, PlaceholdersArePercentDecoded) {
  Router router;
  router.add(verb::get, "/items/{id}", answer_with("item"));
  EXPECT_EQ(dispatch(router, verb::get, "/items/a%20b").body(), "item id=a b");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  Router router;
  router.add(verb::get, "/items/{id}", answer_with("get"));
  router.add(verb::delete_, "/items/{id}", answer_with("delete"));
  EXPECT_EQ(dispatch(router, verb::get, "/other").result(), status::not_found);
  EXPECT_EQ(dispatch(router, verb::get, "/items").result(), status::not_found);
  const auto response = dispatch(router, verb::post, "/items/1");
  EXPECT_EQ(response.result(), status::method_not_allowed);
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
  EXPECT_EQ(dispatch(router, verb::put, "/items/1")[beast_http::field::allow], "GET, DELETE, HEAD, OPTIONS");
}

TEST(RouterTest, HeadIsTheGetWithoutItsBody) {
  Router router;
  router.add(verb::get, "/items/{id}", [](const Request&, const PathParams&, Reply& reply) {
    auto response = json_response(status::ok, R"({"id":"42"})");
    response.set(beast_http::field::etag, "\"v1\"");
    reply(std::move(response));
  });
  router.add(verb::post, "/items", answer_with("post"));
  const auto get = dispatch(router, verb::get, "/items/42");
  const auto head = dispatch(router, verb::head, "/items/42");
  EXPECT_EQ(head.result(), status::ok);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[beast_http::field::content_length], get[beast_http::field::content_length]);
  EXPECT_EQ(head[beast_http::field::content_length], std::to_string(get.body().size()));
  EXPECT_EQ(head[beast_http::field::content_type], "application/json");
  EXPECT_EQ(head[beast_http::field::etag], "\"v1\"");
  // Errors too: HEAD never carries a body.
  const auto missing = dispatch(router, verb::head, "/nothing");
  EXPECT_EQ(missing.result(), status::not_found);
  EXPECT_TRUE(missing.body().empty());
  EXPECT_NE(missing[beast_http::field::content_length], "0");
  // A path without a GET has no HEAD either.
  const auto post_only = dispatch(router, verb::head, "/items");
  EXPECT_EQ(post_only.result(), status::method_not_allowed);
  EXPECT_EQ(post_only[beast_http::field::allow], "POST, OPTIONS");
}

TEST(RouterTest, OptionsAnswers204WithAllowOnEveryRoute) {
  Router router;
  router.add(verb::get, "/items/{id}", answer_with("get"));
  router.add(verb::put, "/items/{id}", answer_with("put"));
  router.add(verb::post, "/items", answer_with("post"));
  const auto item = dispatch(router, verb::options, "/items/7");
  EXPECT_EQ(item.result(), status::no_content);
  EXPECT_EQ(item[beast_http::field::allow], "GET, PUT, HEAD, OPTIONS");
  EXPECT_TRUE(item.body().empty());
  // Not a CORS preflight (no policy, no Origin): no CORS headers.
  EXPECT_EQ(item.count(beast_http::field::access_control_allow_origin), 0u);
  EXPECT_EQ(dispatch(router, verb::options, "/items")[beast_http::field::allow], "POST, OPTIONS");
  EXPECT_EQ(dispatch(router, verb::options, "/other").result(), status::not_found);
}

TEST(RouterTest, ListsTheRoutesAddedInOrder) {
  Router router;
  router.add(verb::post, "/items", answer_with("post"));
  router.add(verb::get, "/items/{id}", answer_with("get"));
  const std::vector<Router::RouteName> expected{{verb::post, "/items"}, {verb::get, "/items/{id}"}};
  EXPECT_EQ(router.routes(), expected);
}

TEST(RouterTest, ThrownDomainErrorsAreMappedByKind) {
  Router router;
  router.add(verb::get, "/bad", [](const Request&, const PathParams&, Reply&) {
    throw domain::Error::invalid_field("page", "must be an integer");
  });
  router.add(verb::get, "/gone", [](const Request&, const PathParams&, Reply&) {
    throw domain::Error::not_found("nothing here");
  });
  EXPECT_EQ(dispatch(router, verb::get, "/bad").result(), status::bad_request);
  EXPECT_EQ(dispatch(router, verb::get, "/gone").result(), status::not_found);
}

}  // namespace
}  // namespace products::adapters::http
