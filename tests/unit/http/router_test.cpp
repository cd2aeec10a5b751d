#include <optional>
#include <string>

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
  EXPECT_EQ(response[beast_http::field::allow], "GET, DELETE");
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
