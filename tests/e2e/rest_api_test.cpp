// Black-box tests of the REST API (SPEC §2, §3): the real binary against the local stack.

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <signal.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "domain/timestamp.hpp"
#include "support/catalog_audit.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

namespace bj = boost::json;
using namespace std::chrono_literals;

// A write reaches MongoDB through Kafka and the consumer; the first one also waits for the
// consumer group to form.
constexpr auto kVisible = 30s;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

domain::Timestamp time_member(const bj::object& product, std::string_view key) {
  const auto parsed = domain::parse_rfc3339(string_member(product, key));
  EXPECT_TRUE(parsed) << key << " is not an RFC 3339 time: " << bj::serialize(product);
  return parsed.value_or(domain::Timestamp{});
}

// Asserts the shape every error answer has: {"status","error","message"[,"fields"]}, JSON, with
// no trace of the implementation in it.
void expect_error_body(const HttpResult& result, int status) {
  ASSERT_EQ(result.status, status) << result.error << result.body;
  EXPECT_EQ(result.headers.count("Content-Type") ? result.headers.at("Content-Type") : "", "application/json");
  const auto body = json_object(result.body);
  ASSERT_TRUE(body) << result.body;
  const auto* code = body->if_contains("status");
  ASSERT_TRUE(code && code->is_int64()) << result.body;
  EXPECT_EQ(code->as_int64(), status);
  EXPECT_FALSE(string_member(*body, "error").empty()) << result.body;
  EXPECT_FALSE(string_member(*body, "message").empty()) << result.body;
  for (const auto& [key, value] : *body) {
    EXPECT_TRUE(key == "status" || key == "error" || key == "message" || key == "fields") << key;
  }
  if (const auto* fields = body->if_contains("fields")) {
    EXPECT_TRUE(fields->is_object()) << result.body;
  }
  const auto text = lower(result.body);
  for (const char* internal : {"exception", "mongo", "kafka", "bson", "redis", "std::", ".cpp", "/work/", "what()"}) {
    EXPECT_EQ(text.find(internal), std::string::npos) << "error body shows '" << internal << "': " << result.body;
  }
}

// Asserts a 400 whose `fields` names `field`, and whose message names it too.
void expect_rejected(const HttpResult& result, const std::string& field) {
  SCOPED_TRACE("field " + field);
  expect_error_body(result, 400);
  const auto body = json_object(result.body);
  if (!body) return;
  const auto* fields = body->if_contains("fields");
  ASSERT_TRUE(fields && fields->is_object()) << result.body;
  const auto* problem = fields->as_object().if_contains(field);
  ASSERT_TRUE(problem && problem->is_string() && !problem->as_string().empty()) << result.body;
  EXPECT_NE(string_member(*body, "message").find(field), std::string::npos) << result.body;
}

class RestApiTest : public SharedServiceSuite<RestApiTest> {
 protected:
  static HttpClient client() { return service_->http(); }

  static HttpResult post(const bj::object& product) {
    return client().request("POST", "/api/v1/products", bj::serialize(product));
  }

  // Creates a product and waits until reads see it.
  static std::string create_visible(const bj::object& product) {
    const auto id = create_product(client(), product);
    EXPECT_TRUE(is_object_id(id)) << "create failed for " << bj::serialize(product);
    if (id.empty()) return id;
    EXPECT_EQ(get_until_status(client(), id, 200, kVisible).status, 200) << "product " << id << " never appeared";
    return id;
  }

  static HttpResult search(const std::string& text, std::string extra = "size=100") {
    return client().get(fmt::format("/api/v1/products/search?search={}&{}", query_encode(text), extra));
  }

  // The parsed search page; fails the test when the answer is not a 200 page.
  static bj::object search_page(const std::string& text, std::string extra = "size=100") {
    const auto result = search(text, std::move(extra));
    EXPECT_EQ(result.status, 200) << text << ": " << result.body;
    auto page = json_object(result.body);
    EXPECT_TRUE(page && page->contains("products")) << result.body;
    return page.value_or(bj::object{{"products", bj::array{}}});
  }

  static std::vector<std::string> ids_of(const bj::object& page) {
    std::vector<std::string> ids;
    for (const auto& product : page.at("products").as_array()) ids.push_back(string_member(product.as_object(), "productId"));
    return ids;
  }

  // Waits until searching `text` counts `count` products: the consumer has applied them all.
  static bool wait_search_count(const std::string& text, std::int64_t count) {
    return wait_until([&] { return search_total(client(), text) == count; }, kVisible, 200ms);
  }
};

void expect_same_user_fields(const bj::object& stored, const bj::object& sent) {
  for (const char* key : {"categoryId", "name", "description", "quantity", "rating", "photos", "imageUrl"}) {
    EXPECT_EQ(stored.if_contains(key) ? bj::serialize(stored.at(key)) : "absent",
              sent.if_contains(key) ? bj::serialize(sent.at(key)) : "absent")
        << key;
  }
  ASSERT_TRUE(stored.contains("price") && stored.at("price").is_number());
  EXPECT_DOUBLE_EQ(stored.at("price").to_number<double>(), sent.at("price").to_number<double>());
}

TEST_F(RestApiTest, CreateAnswers202WithTheIdAndItsLocationThenGetReturnsTheProduct) {
  const auto sent = valid_product_json("Created over REST " + unique_search_word("c"));
  const auto before = domain::now_ms();
  const auto created = post(sent);

  ASSERT_EQ(created.status, 202) << created.body;
  const auto body = json_object(created.body);
  ASSERT_TRUE(body) << created.body;
  EXPECT_EQ(body->size(), 1u) << created.body;
  const auto id = string_member(*body, "productId");
  ASSERT_TRUE(is_object_id(id)) << created.body;
  ASSERT_TRUE(created.headers.count("Location"));
  EXPECT_EQ(created.headers.at("Location"), product_path(id));

  const auto found = get_until_status(client(), id, 200, kVisible);
  ASSERT_EQ(found.status, 200) << found.body;
  const auto product = json_object(found.body);
  ASSERT_TRUE(product) << found.body;
  EXPECT_EQ(string_member(*product, "productId"), id);
  expect_same_user_fields(*product, sent);
  const auto created_at = time_member(*product, "createdAt");
  EXPECT_EQ(created_at, time_member(*product, "updatedAt"));
  EXPECT_GE(created_at, before - 5s);
  EXPECT_LE(created_at, domain::now_ms() + 5s);

  // The Location header is itself a working address of the product.
  EXPECT_EQ(client().get(created.headers.at("Location")).status, 200);
}

TEST_F(RestApiTest, ServerSetFieldsInTheBodyAreIgnored) {
  auto sent = valid_product_json("Original client body " + unique_search_word("s"));
  const std::string client_id = "aaaaaaaaaaaaaaaaaaaaaaaa";
  sent["productId"] = client_id;
  sent["createdAt"] = "2000-01-01T00:00:00Z";
  sent["updatedAt"] = "2000-01-01T00:00:00Z";

  const auto id = create_visible(sent);
  ASSERT_FALSE(id.empty());
  EXPECT_NE(id, client_id);
  const auto product = json_object(client().get(product_path(id)).body);
  ASSERT_TRUE(product);
  EXPECT_GT(time_member(*product, "createdAt"), domain::Timestamp{} + std::chrono::years(30));
  EXPECT_EQ(client().get(product_path(client_id)).status, 404);
}

TEST_F(RestApiTest, BoundaryValuesAreAccepted) {
  auto longest = valid_product_json("");
  std::string name;
  for (int i = 0; i < 250; ++i) name += "é";  // 250 code points, 500 bytes
  longest["name"] = name;
  longest["description"] = "abc";
  longest["price"] = 0.01;
  longest["quantity"] = 0;
  longest["rating"] = 0;
  longest.erase("imageUrl");
  bj::array photos;
  for (int i = 0; i < 20; ++i) photos.emplace_back(fmt::format("https://images.example.com/{}.png", i));
  longest["photos"] = photos;

  const auto id = create_visible(longest);
  ASSERT_FALSE(id.empty());
  const auto stored = json_object(client().get(product_path(id)).body);
  ASSERT_TRUE(stored);
  expect_same_user_fields(*stored, longest);

  auto shortest = valid_product_json("abc");
  shortest["description"] = std::string(500, 'd');
  shortest["rating"] = 10;
  shortest.erase("photos");
  const auto accepted = post(shortest);
  EXPECT_EQ(accepted.status, 202) << accepted.body;
}

TEST_F(RestApiTest, UpdateReplacesTheUserFieldsAndKeepsCreatedAt) {
  const auto id = create_visible(valid_product_json("Before update " + unique_search_word("u")));
  ASSERT_FALSE(id.empty());
  const auto before = json_object(client().get(product_path(id)).body);
  ASSERT_TRUE(before);

  const bj::object replacement{
      {"categoryId", "75a1b2c3d4e5f60718293a4c"},
      {"name", "After update " + unique_search_word("u")},
      {"description", "Described anew"},
      {"price", 5},
      {"photos", bj::array{"https://images.example.com/new.png"}},
      {"quantity", 0},
      {"rating", 9},
  };
  const auto updated = client().request("PUT", product_path(id), bj::serialize(replacement));
  ASSERT_EQ(updated.status, 202) << updated.body;
  const auto body = json_object(updated.body);
  ASSERT_TRUE(body) << updated.body;
  EXPECT_EQ(string_member(*body, "productId"), id);

  std::optional<bj::object> after;
  ASSERT_TRUE(wait_until(
      [&] {
        after = json_object(client().get(product_path(id)).body);
        return after && string_member(*after, "name") == string_member(replacement, "name");
      },
      kVisible, 100ms))
      << "the update never became visible";
  expect_same_user_fields(*after, replacement);  // imageUrl was left out, so it is gone
  EXPECT_EQ(string_member(*after, "createdAt"), string_member(*before, "createdAt"));
  EXPECT_GE(time_member(*after, "updatedAt"), time_member(*after, "createdAt"));
  EXPECT_GE(time_member(*after, "updatedAt"), time_member(*before, "updatedAt"));
}

TEST_F(RestApiTest, DeleteAnswers202ThenTheProductIsGone) {
  const auto id = create_visible(valid_product_json("To be deleted " + unique_search_word("d")));
  ASSERT_FALSE(id.empty());

  const auto deleted = client().request("DELETE", product_path(id));
  ASSERT_EQ(deleted.status, 202) << deleted.body;
  const auto gone = get_until_status(client(), id, 404, kVisible);
  expect_error_body(gone, 404);
}

TEST_F(RestApiTest, SearchPagesThroughMatchesNewestFirst) {
  const auto word = unique_search_word("Paged");
  std::vector<std::string> created;
  for (int i = 0; i < 25; ++i) {
    const auto id = create_product(client(), valid_product_json(fmt::format("Item {} {:02}", word, i)));
    ASSERT_TRUE(is_object_id(id)) << "create " << i << " failed";
    created.push_back(id);
  }
  ASSERT_TRUE(wait_search_count(word, 25)) << "not all 25 products became visible";
  const std::vector<std::string> newest_first(created.rbegin(), created.rend());

  std::vector<std::string> seen;
  const std::size_t expected_sizes[] = {10, 10, 5, 0};
  for (int page_number = 1; page_number <= 4; ++page_number) {
    SCOPED_TRACE(fmt::format("page {}", page_number));
    const auto page = search_page(word, fmt::format("page={}&size=10", page_number));
    EXPECT_EQ(page.at("totalCount").as_int64(), 25);
    EXPECT_EQ(page.at("totalPages").as_int64(), 3);
    EXPECT_EQ(page.at("page").as_int64(), page_number);
    EXPECT_EQ(page.at("size").as_int64(), 10);
    EXPECT_EQ(page.at("hasMore").as_bool(), page_number < 3);
    const auto ids = ids_of(page);
    EXPECT_EQ(ids.size(), expected_sizes[page_number - 1]);
    seen.insert(seen.end(), ids.begin(), ids.end());

    domain::Timestamp previous = domain::Timestamp::max();
    for (const auto& product : page.at("products").as_array()) {
      const auto created_at = time_member(product.as_object(), "createdAt");
      EXPECT_LE(created_at, previous);
      previous = created_at;
    }
  }
  EXPECT_EQ(seen, newest_first);

  // Defaults: page 1, size 10; empty parameters keep them.
  for (const auto& extra : {std::string(), std::string("page=&size=")}) {
    const auto defaults = search_page(word, extra);
    EXPECT_EQ(defaults.at("page").as_int64(), 1);
    EXPECT_EQ(defaults.at("size").as_int64(), 10);
    EXPECT_EQ(ids_of(defaults), std::vector<std::string>(newest_first.begin(), newest_first.begin() + 10));
  }
  // Case does not matter.
  EXPECT_EQ(search_page(upper(word)).at("totalCount").as_int64(), 25);
  EXPECT_EQ(search_page(lower(word)).at("totalCount").as_int64(), 25);
}

TEST_F(RestApiTest, SearchMatchesASubstringOfNameOrDescriptionIgnoringCase) {
  const auto word = unique_search_word("Mixed");
  auto in_name = valid_product_json("Lamp " + word + "-deluxe");
  auto in_description = valid_product_json("Plain lamp");
  in_description["description"] = "Made by " + upper(word);
  const auto name_id = create_visible(in_name);
  const auto description_id = create_visible(in_description);
  const auto other_id = create_visible(valid_product_json("Other lamp"));

  // The middle of the word, in lower case: neither a prefix nor the same case as either product.
  const auto part = lower(word.substr(1, word.size() - 2));
  const auto page = search_page(part);
  auto ids = ids_of(page);
  std::sort(ids.begin(), ids.end());
  auto expected = std::vector<std::string>{name_id, description_id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(page.at("totalCount").as_int64(), 2);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), other_id), 0);
}

TEST_F(RestApiTest, SearchTakesRegexAndOperatorCharactersLiterally) {
  const auto tag = unique_search_word("Literal");
  const auto special_id = create_visible(valid_product_json("Gadget a.*b(c$where " + tag));
  auto operator_text = valid_product_json("Gadget braces " + tag);
  operator_text["description"] = R"(Contains {"$gt":""} literally)";
  const auto operator_id = create_visible(operator_text);
  // What the texts would match if they were taken as a regex or an operator, but not literally.
  const auto control_id = create_visible(valid_product_json("Gadget ab c where gt " + tag));
  ASSERT_FALSE(special_id.empty() || operator_id.empty() || control_id.empty());

  const auto contains = [](const bj::value& product, const std::string& text) {
    const auto& object = product.as_object();
    return lower(string_member(object, "name")).find(lower(text)) != std::string::npos ||
           lower(string_member(object, "description")).find(lower(text)) != std::string::npos;
  };
  struct Case {
    std::string text;
    std::vector<std::string> found, not_found;
  };
  const std::vector<Case> cases{
      {".*", {special_id}, {operator_id, control_id}},
      {"(", {special_id}, {operator_id, control_id}},
      {"$where", {special_id}, {operator_id, control_id}},
      {R"({"$gt":""})", {operator_id}, {special_id, control_id}},
      {"a.*b(c$where", {special_id}, {operator_id, control_id}},
      {"[", {}, {special_id, operator_id, control_id}},
      {"\\", {}, {special_id, operator_id, control_id}},
      {"^Gadget", {}, {special_id, operator_id, control_id}},
      {"b|c", {}, {special_id, operator_id, control_id}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("search " + c.text);
    const auto page = search_page(c.text);
    const auto ids = ids_of(page);
    for (const auto& product : page.at("products").as_array()) {
      EXPECT_TRUE(contains(product, c.text)) << bj::serialize(product);
    }
    EXPECT_EQ(page.at("totalCount").as_int64(), static_cast<std::int64_t>(ids.size()));
    for (const auto& id : c.found) EXPECT_EQ(std::count(ids.begin(), ids.end(), id), 1) << id;
    for (const auto& id : c.not_found) EXPECT_EQ(std::count(ids.begin(), ids.end(), id), 0) << id;
  }
}

TEST_F(RestApiTest, BadSearchParametersAre400) {
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"page=0", "page"}, {"page=-1", "page"}, {"page=abc", "page"}, {"size=0", "size"},
           {"size=101", "size"}, {"size=1x", "size"}}) {
    SCOPED_TRACE(query);
    expect_rejected(client().get("/api/v1/products/search?search=x&" + query), field);
  }
}

TEST_F(RestApiTest, EveryValidationRuleIsRejectedNamingTheField) {
  struct Case {
    std::string what, field;
    std::function<void(bj::object&)> breaks;
  };
  const auto set = [](std::string key, const auto& value) {
    return [key = std::move(key), value = bj::value_from(value)](bj::object& o) { o[key] = value; };
  };
  const auto drop = [](std::string key) { return [key = std::move(key)](bj::object& o) { o.erase(key); }; };
  bj::array too_many_photos;
  for (int i = 0; i < 21; ++i) too_many_photos.emplace_back(fmt::format("https://images.example.com/{}.png", i));
  std::string name_251;
  for (int i = 0; i < 251; ++i) name_251 += "é";

  const std::vector<Case> cases{
      {"categoryId missing", "categoryId", drop("categoryId")},
      {"categoryId not hex", "categoryId", set("categoryId", "zz000000000000000000000z")},
      {"categoryId too short", "categoryId", set("categoryId", "65a1b2c3")},
      {"categoryId a number", "categoryId", set("categoryId", 12)},
      {"name missing", "name", drop("name")},
      {"name too short", "name", set("name", "ab")},
      {"name too long", "name", set("name", std::string(251, 'n'))},
      {"name 251 code points", "name", set("name", name_251)},
      {"name a number", "name", set("name", 5)},
      {"description missing", "description", drop("description")},
      {"description too short", "description", set("description", "de")},
      {"description too long", "description", set("description", std::string(501, 'd'))},
      {"price zero", "price", set("price", 0)},
      {"price negative", "price", set("price", -1.5)},
      {"price missing", "price", drop("price")},
      {"price a string", "price", set("price", "19.99")},
      {"imageUrl not http", "imageUrl", set("imageUrl", "ftp://images.example.com/a.png")},
      {"imageUrl relative", "imageUrl", set("imageUrl", "/images/a.png")},
      {"imageUrl javascript", "imageUrl", set("imageUrl", "javascript:alert(1)")},
      {"imageUrl too long", "imageUrl", set("imageUrl", "https://images.example.com/" + std::string(2048, 'a'))},
      {"21 photos", "photos", set("photos", too_many_photos)},
      {"a bad photo", "photos[1]",
       set("photos", bj::array{"https://images.example.com/ok.png", "file:///etc/passwd"})},
      {"photos not an array", "photos", set("photos", "https://images.example.com/a.png")},
      {"quantity negative", "quantity", set("quantity", -1)},
      {"quantity missing", "quantity", drop("quantity")},
      {"quantity not an integer", "quantity", set("quantity", 1.5)},
      {"quantity a string", "quantity", set("quantity", "3")},
      {"rating 11", "rating", set("rating", 11)},
      {"rating -1", "rating", set("rating", -1)},
      {"rating not an integer", "rating", set("rating", 2.5)},
      {"unknown field", "color", set("color", "red")},
  };
  // Updates take the same body as creates; the id is valid, so only the body can be at fault.
  const auto some_id = product_path("65a1b2c3d4e5f60718293a4d");
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto body = valid_product_json("Broken product");
    c.breaks(body);
    expect_rejected(client().request("POST", "/api/v1/products", bj::serialize(body)), c.field);
    expect_rejected(client().request("PUT", some_id, bj::serialize(body)), c.field);
  }

  // All the problems of one body are named at once.
  auto several = valid_product_json("ab");
  several["price"] = 0;
  several["rating"] = 11;
  const auto result = post(several);
  for (const char* field : {"name", "price", "rating"}) expect_rejected(result, field);
}

TEST_F(RestApiTest, BadJsonIsRejectedNamingTheBody) {
  for (const std::string body : {"{", "", "[]", "null", "\"product\"", R"({"name": })", "{\"name\":\"abc\"} trailing"}) {
    SCOPED_TRACE("body " + body);
    expect_rejected(client().request("POST", "/api/v1/products", body), "body");
    expect_rejected(client().request("PUT", product_path("65a1b2c3d4e5f60718293a4d"), body), "body");
  }
}

TEST_F(RestApiTest, UnknownProductIs404) {
  expect_error_body(client().get(product_path("65a1b2c3d4e5f60718293a4d")), 404);
}

TEST_F(RestApiTest, UnknownRouteIs404) {
  for (const std::string target : {"/api/v1/nothing", "/api/v2/products", "/api/v1/products/65a1b2c3d4e5f60718293a4d/x",
                                   "/"}) {
    SCOPED_TRACE(target);
    expect_error_body(client().get(target), 404);
  }
}

TEST_F(RestApiTest, WrongMethodIs405WithAllow) {
  const auto item = client().request("PATCH", product_path("65a1b2c3d4e5f60718293a4d"),
                                     bj::serialize(valid_product_json("Patched")));
  expect_error_body(item, 405);
  ASSERT_TRUE(item.headers.count("Allow")) << item.body;
  const auto allow = item.headers.at("Allow");
  for (const char* method : {"GET", "PUT", "DELETE"}) EXPECT_NE(allow.find(method), std::string::npos) << allow;
  EXPECT_EQ(allow.find("POST"), std::string::npos) << allow;

  const auto collection = client().request("DELETE", "/api/v1/products");
  expect_error_body(collection, 405);
  ASSERT_TRUE(collection.headers.count("Allow"));
  EXPECT_NE(collection.headers.at("Allow").find("POST"), std::string::npos);
}

TEST_F(RestApiTest, BodyOver2MiBIs413) {
  constexpr std::size_t kLimit = 2 * 1024 * 1024;
  const auto body_of_size = [](std::size_t size) {
    const std::string head = R"({"name":")", tail = R"("})";
    return head + std::string(size - head.size() - tail.size(), 'n') + tail;
  };
  expect_error_body(client().request("POST", "/api/v1/products", body_of_size(kLimit + 1)), 413);
  expect_error_body(client().request("PUT", product_path("65a1b2c3d4e5f60718293a4d"), body_of_size(kLimit + 1)),
                    413);
  // At the limit the body is read, and found wanting for what it says.
  expect_rejected(client().request("POST", "/api/v1/products", body_of_size(kLimit)), "name");
}

TEST_F(RestApiTest, ContentTypeOtherThanJsonIs415) {
  const auto body = bj::serialize(valid_product_json("Typed product"));
  const auto some_id = product_path("65a1b2c3d4e5f60718293a4d");
  for (const auto& headers : std::vector<std::map<std::string, std::string>>{
           {{"Content-Type", "text/plain"}}, {}, {{"Content-Type", "application/x-www-form-urlencoded"}}}) {
    expect_error_body(client().request("POST", "/api/v1/products", body, headers), 415);
    expect_error_body(client().request("PUT", some_id, body, headers), 415);
  }
  const auto with_charset =
      client().request("POST", "/api/v1/products", body, {{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(with_charset.status, 202) << with_charset.body;
}

TEST_F(RestApiTest, MalformedIdIs400) {
  const auto body = bj::serialize(valid_product_json("Product with a bad id"));
  for (const std::string id : {"not-an-id", "123", "zzzzzzzzzzzzzzzzzzzzzzzz", "65a1b2c3d4e5f60718293a4d0",
                               "65a1b2c3d4e5f60718293a4", "%24where"}) {
    SCOPED_TRACE(id);
    expect_rejected(client().get(product_path(id)), "productId");
    expect_rejected(client().request("PUT", product_path(id), body), "productId");
    expect_rejected(client().request("DELETE", product_path(id)), "productId");
  }
}

}  // namespace
}  // namespace products::testing
