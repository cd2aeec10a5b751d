#include <chrono>
#include <string>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "adapters/json/product_json.hpp"
#include "domain/error.hpp"
#include "file_tree.hpp"
#include "rest_fixture.hpp"
#include "support/test_env.hpp"

namespace products::adapters::http::testing {
namespace {

using beast_http::field;
using beast_http::status;
using beast_http::verb;

constexpr const char* kId = "65a1b2c3d4e5f60718293a4b";

domain::Product stored_product() {
  domain::Product product;
  product.id = *domain::ObjectId::parse(kId);
  product.fields = json::ProductJson::decode_fields(kValidBody);
  product.created_at = domain::now_ms();
  product.updated_at = product.created_at;
  return product;
}

std::string field_error(const Response& response, const std::string& field) {
  const auto body = json_of(response);
  const auto* fields = body.as_object().if_contains("fields");
  if (!fields) return {};
  const auto* problem = fields->as_object().if_contains(field);
  return problem ? std::string(problem->as_string()) : std::string();
}

void expect_error_shape(const Response& response, status expected) {
  EXPECT_EQ(response.result(), expected);
  EXPECT_EQ(response[field::content_type], "application/json");
  const auto body = json_of(response).as_object();
  EXPECT_EQ(body.at("status").as_int64(), static_cast<int>(expected));
  EXPECT_EQ(body.at("error").as_string(), std::string(beast_http::obsolete_reason(expected)));
  EXPECT_TRUE(body.at("message").is_string());
}

// Replaces one field of the valid body (or removes it when `value` is empty).
std::string body_with(const std::string& name, const std::string& value) {
  auto object = boost::json::parse(kValidBody).as_object();
  if (value.empty()) {
    object.erase(name);
  } else {
    object[name] = boost::json::parse(value);
  }
  return boost::json::serialize(object);
}

class RestApiTest : public RestFixture {};

// --- POST /products ---------------------------------------------------------------------------

TEST_F(RestApiTest, CreateAnswers202WithIdAndLocationOnceAcknowledged) {
  const auto response = call(verb::post, "/api/v1/products", kValidBody);

  ASSERT_EQ(response.result(), status::accepted) << response.body();
  const auto id = std::string(json_of(response).at("productId").as_string());
  ASSERT_TRUE(domain::ObjectId::parse(id));
  EXPECT_EQ(response[field::location], "/api/v1/products/" + id);

  const auto published = publisher_.published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].command.type, domain::CommandType::Create);
  EXPECT_EQ(published[0].command.product.id.hex(), id);
  EXPECT_EQ(published[0].command.product.fields, json::ProductJson::decode_fields(kValidBody));
  EXPECT_TRUE(published[0].command.trace.traceparent.empty());
}

TEST_F(RestApiTest, CreatePassesTraceparentThrough) {
  auto request = make_request(verb::post, "/api/v1/products", kValidBody);
  const std::string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  request.set("traceparent", traceparent);
  request.set("tracestate", "vendor=1");

  ASSERT_EQ(call(request).result(), status::accepted);
  EXPECT_EQ(publisher_.published().at(0).command.trace.traceparent, traceparent);
  EXPECT_EQ(publisher_.published().at(0).command.trace.tracestate, "vendor=1");
}

TEST_F(RestApiTest, CreateGivesTheRequestOneDeadline) {
  const auto before = domain::Deadline::Clock::now();
  ASSERT_EQ(call(verb::post, "/api/v1/products", kValidBody).result(), status::accepted);

  const auto at = publisher_.published().at(0).deadline.at();
  EXPECT_GE(at, before + config_.request_timeout);
  EXPECT_LE(at, domain::Deadline::Clock::now() + config_.request_timeout);
}

TEST_F(RestApiTest, CreateIgnoresServerSetFields) {
  const auto body = body_with("productId", R"("65a1b2c3d4e5f60718293a4b")");
  EXPECT_EQ(call(verb::post, "/api/v1/products", body_with("createdAt", R"("2020-01-01T00:00:00Z")")).result(),
            status::accepted);
  EXPECT_EQ(call(verb::post, "/api/v1/products", body).result(), status::accepted);
  EXPECT_NE(publisher_.published().at(1).command.product.id.hex(), kId);
}

TEST_F(RestApiTest, CreateWaitsForTheAcknowledgement) {
  publisher_.set_mode(FakePublisher::Mode::Hold);
  auto response = start(make_request(verb::post, "/api/v1/products", kValidBody));

  ASSERT_EQ(publisher_.held(), 1u);
  EXPECT_EQ(response.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  publisher_.settle();
  ASSERT_EQ(response.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(response.get().result(), status::accepted);
}

// --- POST /products with an Idempotency-Key ----------------------------------------------------

Request keyed_create(std::string_view key, std::string body = kValidBody) {
  auto request = make_request(verb::post, "/api/v1/products", std::move(body));
  request.set("Idempotency-Key", key);
  return request;
}

TEST_F(RestApiTest, CreateRetriedWithItsIdempotencyKeyAnswersTheSameIdAndStatus) {
  const auto first = call(keyed_create(R"("8e03978e-40d5-43e8")"));
  const auto retry = call(keyed_create("8e03978e-40d5-43e8"));

  ASSERT_EQ(first.result(), status::accepted) << first.body();
  ASSERT_EQ(retry.result(), status::accepted) << retry.body();
  const auto id = std::string(json_of(first).at("productId").as_string());
  EXPECT_EQ(json_of(retry).at("productId").as_string(), id);
  EXPECT_EQ(retry[field::location], "/api/v1/products/" + id);
  const auto published = publisher_.published();
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[1].command.product, published[0].command.product);
  EXPECT_EQ(published[1].command.version, published[0].command.version);
}

TEST_F(RestApiTest, CreateRetriedAfterA503IsTheSameCommand) {
  publisher_.set_mode(FakePublisher::Mode::Fail, std::make_exception_ptr(domain::Error::unavailable("broker down")));
  ASSERT_EQ(call(keyed_create("k")).result(), status::service_unavailable);
  publisher_.set_mode(FakePublisher::Mode::Acknowledge);
  const auto retry = call(keyed_create("k"));
  ASSERT_EQ(retry.result(), status::accepted) << retry.body();
  const auto published = publisher_.published();
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(json_of(retry).at("productId").as_string(), published[0].command.product.id.hex());
  EXPECT_EQ(published[1].command.version, published[0].command.version);
}

TEST_F(RestApiTest, IdempotencyKeyReusedWithAnotherBodyIs422NamingTheKey) {
  ASSERT_EQ(call(keyed_create("k")).result(), status::accepted);
  const auto response = call(keyed_create("k", body_with("name", R"("Another mug")")));
  expect_error_shape(response, status::unprocessable_entity);
  EXPECT_NE(std::string(json_of(response).at("message").as_string()).find("\"k\""), std::string::npos)
      << response.body();
  EXPECT_EQ(publisher_.published().size(), 1u);
}

TEST_F(RestApiTest, MalformedIdempotencyKeyIs400NamingTheHeader) {
  const auto empty = call(keyed_create(""));
  expect_error_shape(empty, status::bad_request);
  EXPECT_EQ(field_error(empty, "Idempotency-Key"), "must not be empty");

  auto twice = keyed_create("a");
  twice.insert("Idempotency-Key", "b");
  const auto response = call(twice);
  expect_error_shape(response, status::bad_request);
  EXPECT_EQ(field_error(response, "Idempotency-Key"), "must be sent once");
  EXPECT_TRUE(publisher_.published().empty());
  EXPECT_EQ(idempotency_.claims, 0);
}

TEST_F(RestApiTest, IdempotencyStoreDownIs503AndPublishesNothing) {
  idempotency_.fail_with = std::make_exception_ptr(domain::Error::unavailable("mongo down"));
  expect_error_shape(call(keyed_create("k")), status::service_unavailable);
  EXPECT_TRUE(publisher_.published().empty());
}

// The hot path stays a single Kafka write.
TEST_F(RestApiTest, CreateWithoutAKeyNeverAsksTheStore) {
  ASSERT_EQ(call(verb::post, "/api/v1/products", kValidBody).result(), status::accepted);
  EXPECT_EQ(idempotency_.claims, 0);
}

TEST_F(RestApiTest, CreateRejectsBadJsonNamingTheBody) {
  const auto response = call(verb::post, "/api/v1/products", R"({"name": )");
  expect_error_shape(response, status::bad_request);
  EXPECT_FALSE(field_error(response, "body").empty());
  EXPECT_TRUE(publisher_.published().empty());
}

TEST_F(RestApiTest, CreateRejectsAnEmptyBody) {
  const auto response = call(verb::post, "/api/v1/products", "");
  EXPECT_EQ(response.result(), status::bad_request);
  EXPECT_FALSE(field_error(response, "body").empty());
}

TEST_F(RestApiTest, CreateRejectsUnknownFields) {
  const auto response = call(verb::post, "/api/v1/products", body_with("colour", R"("red")"));
  expect_error_shape(response, status::bad_request);
  EXPECT_FALSE(field_error(response, "colour").empty());
}

TEST_F(RestApiTest, CreateNamesEveryBadFieldAtOnce) {
  auto object = boost::json::parse(kValidBody).as_object();
  object["name"] = "x";
  object["price"] = -1;
  const auto response = call(verb::post, "/api/v1/products", boost::json::serialize(object));
  EXPECT_EQ(response.result(), status::bad_request);
  EXPECT_FALSE(field_error(response, "name").empty());
  EXPECT_FALSE(field_error(response, "price").empty());
}

struct Rule {
  const char* field;        // the field to change
  const char* value;        // its new JSON value; empty removes it
  const char* named_field;  // the field the error must name
};

const std::string kLongName = "\"" + std::string(251, 'n') + "\"";

class ValidationRuleTest : public RestFixture, public ::testing::WithParamInterface<Rule> {};

TEST_P(ValidationRuleTest, IsA400NamingTheField) {
  const auto& rule = GetParam();
  const auto response = call(verb::post, "/api/v1/products", body_with(rule.field, rule.value));
  expect_error_shape(response, status::bad_request);
  EXPECT_FALSE(field_error(response, rule.named_field).empty()) << response.body();
  EXPECT_TRUE(publisher_.published().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ValidationRuleTest,
    ::testing::Values(Rule{"categoryId", "", "categoryId"}, Rule{"categoryId", R"("not-hex")", "categoryId"},
                      Rule{"name", "", "name"}, Rule{"name", R"("ab")", "name"},
                      Rule{"name", kLongName.c_str(), "name"},
                      Rule{"name", "42", "name"}, Rule{"description", "", "description"},
                      Rule{"description", R"("ab")", "description"}, Rule{"price", "", "price"},
                      Rule{"price", "0", "price"}, Rule{"price", R"("12")", "price"},
                      Rule{"imageUrl", R"("ftp://example.com/a.png")", "imageUrl"},
                      Rule{"photos", R"(["https://example.com/1.png", "not a url"])", "photos[1]"},
                      Rule{"photos", R"("https://example.com/1.png")", "photos"},
                      Rule{"quantity", "", "quantity"}, Rule{"quantity", "-1", "quantity"},
                      Rule{"quantity", "1.5", "quantity"}, Rule{"rating", "11", "rating"},
                      Rule{"rating", "-1", "rating"}),
    [](const auto& info) { return std::string(info.param.field) + "_" + std::to_string(info.index); });

TEST_F(RestApiTest, CreateRejectsTooManyPhotos) {
  std::string photos = "[";
  for (int i = 0; i < 21; ++i) photos += std::string(i ? "," : "") + "\"https://example.com/p.png\"";
  const auto response = call(verb::post, "/api/v1/products", body_with("photos", photos + "]"));
  EXPECT_EQ(response.result(), status::bad_request);
  EXPECT_FALSE(field_error(response, "photos").empty());
}

TEST_F(RestApiTest, CreateNeedsJsonContentType) {
  expect_error_shape(call(verb::post, "/api/v1/products", kValidBody, "text/plain"), status::unsupported_media_type);
  expect_error_shape(call(verb::post, "/api/v1/products", kValidBody, ""), status::unsupported_media_type);
  EXPECT_EQ(call(verb::post, "/api/v1/products", kValidBody, "Application/JSON; charset=utf-8").result(),
            status::accepted);
  EXPECT_EQ(publisher_.published().size(), 1u);
}

TEST_F(RestApiTest, PublisherUnavailableIs503) {
  publisher_.set_mode(FakePublisher::Mode::Fail,
                      std::make_exception_ptr(domain::Error::unavailable("kafka: queue full")));
  const auto response = call(verb::post, "/api/v1/products", kValidBody);
  expect_error_shape(response, status::service_unavailable);
  EXPECT_EQ(response[field::retry_after], "1");
  EXPECT_EQ(response.body().find("queue full"), std::string::npos) << "internals leak: " << response.body();
}

TEST_F(RestApiTest, PublisherMissingTheDeadlineIs503) {
  publisher_.set_mode(FakePublisher::Mode::Hold);
  auto response = start(make_request(verb::put, std::string("/api/v1/products/") + kId, kValidBody));
  publisher_.settle(std::make_exception_ptr(domain::Error::deadline_exceeded("no acknowledgement in time")));
  ASSERT_EQ(response.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  expect_error_shape(response.get(), status::service_unavailable);
}

TEST_F(RestApiTest, PublisherThrowingIsAnsweredToo) {
  publisher_.set_mode(FakePublisher::Mode::Throw, std::make_exception_ptr(domain::Error::unavailable("down")));
  EXPECT_EQ(call(verb::post, "/api/v1/products", kValidBody).result(), status::service_unavailable);
  EXPECT_EQ(call(verb::delete_, std::string("/api/v1/products/") + kId).result(), status::service_unavailable);
}

TEST_F(RestApiTest, UnexpectedFailureIs500WithoutDetails) {
  publisher_.set_mode(FakePublisher::Mode::Fail, std::make_exception_ptr(std::runtime_error("secret detail")));
  const auto response = call(verb::post, "/api/v1/products", kValidBody);
  expect_error_shape(response, status::internal_server_error);
  EXPECT_EQ(response.body().find("secret"), std::string::npos);
}

// --- PUT and DELETE /products/{id} ------------------------------------------------------------

TEST_F(RestApiTest, UpdateAnswers202WithTheId) {
  const auto response = call(verb::put, std::string("/api/v1/products/") + kId, kValidBody);
  ASSERT_EQ(response.result(), status::accepted) << response.body();
  EXPECT_EQ(json_of(response).at("productId").as_string(), kId);
  const auto published = publisher_.published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].command.type, domain::CommandType::Update);
  EXPECT_EQ(published[0].command.product.id.hex(), kId);
}

TEST_F(RestApiTest, UpdateValidatesLikeCreate) {
  const auto target = std::string("/api/v1/products/") + kId;
  EXPECT_FALSE(field_error(call(verb::put, target, body_with("price", "0")), "price").empty());
  EXPECT_EQ(call(verb::put, target, kValidBody, "text/plain").result(), status::unsupported_media_type);
  EXPECT_TRUE(publisher_.published().empty());
}

TEST_F(RestApiTest, DeleteAnswers202WithTheId) {
  const auto response = call(verb::delete_, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::accepted) << response.body();
  EXPECT_EQ(json_of(response).at("productId").as_string(), kId);
  EXPECT_EQ(publisher_.published().at(0).command.type, domain::CommandType::Delete);
}

TEST_F(RestApiTest, BadIdIs400NamingProductId) {
  for (const auto method : {verb::get, verb::put, verb::delete_}) {
    const auto response = call(method, "/api/v1/products/not-an-id", method == verb::put ? kValidBody : "");
    expect_error_shape(response, status::bad_request);
    EXPECT_FALSE(field_error(response, "productId").empty()) << beast_http::to_string(method);
  }
  EXPECT_TRUE(publisher_.published().empty());
}

// --- GET /products/{id} -----------------------------------------------------------------------

TEST_F(RestApiTest, GetAnswersTheProduct) {
  const auto product = stored_product();
  repository_.add(product);
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), json::ProductJson::encode(product));
}

TEST_F(RestApiTest, GetUnknownProductIs404) {
  expect_error_shape(call(verb::get, std::string("/api/v1/products/") + kId), status::not_found);
}

TEST_F(RestApiTest, GetWithStoreDownIs503) {
  repository_.fail_with(std::make_exception_ptr(domain::Error::unavailable("mongo down")));
  expect_error_shape(call(verb::get, std::string("/api/v1/products/") + kId), status::service_unavailable);
}

// The fast path: the cached bytes are the body, as they are, without the WorkPool or the store.
TEST_F(RestApiTest, GetCacheHitAnswersTheCachedBytesWithoutTheStore) {
  const auto product = stored_product();
  const auto encoded = json::ProductJson::encode(product);
  cached_.put(product.id, encoded);
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), encoded);
  EXPECT_EQ(response[field::content_type], "application/json");
  EXPECT_EQ(response[field::content_length], std::to_string(encoded.size()));
  EXPECT_EQ(repository_.reads_by_id(), 0u);
}

// Whatever a reader returns is served verbatim: it is the reader's job to hand back only this
// product's encoding.
TEST_F(RestApiTest, GetCacheHitIsNotReserialised) {
  const std::string cached = R"({"productId":")" + std::string(kId) + R"(","price":1.50})";
  cached_.put(*domain::ObjectId::parse(kId), cached);
  EXPECT_EQ(call(verb::get, std::string("/api/v1/products/") + kId).body(), cached);
}

TEST_F(RestApiTest, GetCacheHitAnsweredFromAnotherThread) {
  const auto product = stored_product();
  cached_.put(product.id, json::ProductJson::encode(product));
  cached_.answer_from_another_thread();
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), json::ProductJson::encode(product));
}

// A miss takes the slow path, the service on the WorkPool through the store, without asking the
// cache a second time: the fast path has just heard that it holds nothing for the product.
TEST_F(RestApiTest, GetCacheMissTakesTheSlowPathWithTheSameBodyAndAsksTheCacheOnce) {
  const auto product = stored_product();
  repository_.add(product);
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), json::ProductJson::encode(product));
  EXPECT_EQ(cached_.lookups(), 1u);
  EXPECT_EQ(cache_.gets(), 0u);
  EXPECT_EQ(repository_.reads_by_id(), 1u);
}

// A foreign entry the reader refused, a Redis failure, a pending invalidation: the service's
// get_by_id asks the cache again and decides (decodes the entry, counts the failure).
TEST_F(RestApiTest, GetUnsureLookupTakesTheSlowPathThroughTheCache) {
  const auto product = stored_product();
  repository_.add(product);
  cached_.answer_unsure();
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), json::ProductJson::encode(product));
  EXPECT_EQ(cache_.gets(), 1u);
  EXPECT_EQ(repository_.reads_by_id(), 1u);
}

TEST_F(RestApiTest, GetCacheMissAnsweredFromAnotherThreadTakesTheSlowPath) {
  const auto product = stored_product();
  repository_.add(product);
  cached_.answer_from_another_thread();
  const auto response = call(verb::get, std::string("/api/v1/products/") + kId);
  ASSERT_EQ(response.result(), status::ok) << response.body();
  EXPECT_EQ(response.body(), json::ProductJson::encode(product));
  EXPECT_EQ(repository_.reads_by_id(), 1u);
}

TEST_F(RestApiTest, GetCacheMissOfUnknownProductIs404) {
  cached_.answer_from_another_thread();
  expect_error_shape(call(verb::get, std::string("/api/v1/products/") + kId), status::not_found);
}

TEST_F(RestApiTest, GetBadIdNeverAsksTheCache) {
  expect_error_shape(call(verb::get, "/api/v1/products/nothex"), status::bad_request);
  EXPECT_EQ(cached_.lookups(), 0u);
}

class BusyPoolTest : public RestFixture {
 protected:
  BusyPoolTest() : RestFixture(test_config(), 1, 1) {}
};

TEST_F(BusyPoolTest, FullWorkPoolIs503) {
  repository_.hold();
  auto running = start(make_request(verb::get, std::string("/api/v1/products/") + kId));
  ASSERT_TRUE(products::testing::wait_until([&] { return pool_.queued() == 0; }, std::chrono::seconds(5)));
  auto queued = start(make_request(verb::get, std::string("/api/v1/products/") + kId));
  const auto refused = call(verb::get, std::string("/api/v1/products/") + kId);
  expect_error_shape(refused, status::service_unavailable);
  repository_.release();
  EXPECT_EQ(running.get().result(), status::not_found);
  EXPECT_EQ(queued.get().result(), status::not_found);
}

class ShortDeadlineTest : public RestFixture {
 protected:
  static HttpConfig short_deadline() {
    auto config = test_config();
    config.request_timeout = std::chrono::milliseconds(50);
    return config;
  }
  ShortDeadlineTest() : RestFixture(short_deadline(), 1, 4) {}
};

TEST_F(ShortDeadlineTest, ReadQueuedPastItsDeadlineIs503) {
  repository_.hold();
  auto running = start(make_request(verb::get, std::string("/api/v1/products/") + kId));
  auto queued = start(make_request(verb::get, "/api/v1/products/search"));
  EXPECT_EQ(queued.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  repository_.release();
  expect_error_shape(queued.get(), status::service_unavailable);
  EXPECT_FALSE(repository_.last_query()) << "the expired search still ran";
  running.get();
}

// --- GET /products/search ---------------------------------------------------------------------

TEST_F(RestApiTest, SearchAnswersAPage) {
  repository_.add(stored_product());
  const auto response = call(verb::get, "/api/v1/products/search?search=mug&page=1&size=5");
  ASSERT_EQ(response.result(), status::ok) << response.body();
  const auto body = json_of(response).as_object();
  EXPECT_EQ(body.at("totalCount").as_int64(), 1);
  EXPECT_EQ(body.at("totalPages").as_int64(), 1);
  EXPECT_EQ(body.at("page").as_int64(), 1);
  EXPECT_EQ(body.at("size").as_int64(), 5);
  EXPECT_FALSE(body.at("hasMore").as_bool());
  EXPECT_EQ(body.at("products").as_array().size(), 1u);
  EXPECT_EQ(repository_.last_query()->text, "mug");
}

TEST_F(RestApiTest, SearchDefaultsAbsentAndEmptyParameters) {
  ASSERT_EQ(call(verb::get, "/api/v1/products/search").result(), status::ok);
  EXPECT_EQ(repository_.last_query()->page, domain::SearchQuery::kDefaultPage);
  EXPECT_EQ(repository_.last_query()->size, domain::SearchQuery::kDefaultSize);
  ASSERT_EQ(call(verb::get, "/api/v1/products/search?search=&page=&size=").result(), status::ok);
  EXPECT_EQ(repository_.last_query()->text, "");
  EXPECT_EQ(repository_.last_query()->size, domain::SearchQuery::kDefaultSize);
}

TEST_F(RestApiTest, SearchDecodesTheQuery) {
  ASSERT_EQ(call(verb::get, "/api/v1/products/search?search=big%20mug%2A&page=2").result(), status::ok);
  EXPECT_EQ(repository_.last_query()->text, "big mug*");
  EXPECT_EQ(repository_.last_query()->page, 2);
  ASSERT_EQ(call(verb::get, "/api/v1/products/search?search=big+mug").result(), status::ok);
  EXPECT_EQ(repository_.last_query()->text, "big mug");
}

TEST_F(RestApiTest, SearchParameterErrorsNameTheParameter) {
  struct Case {
    const char* query;
    const char* parameter;
  };
  for (const auto& c : {Case{"page=abc", "page"}, Case{"page=1.5", "page"}, Case{"page=0", "page"},
                        Case{"size=x", "size"}, Case{"size=0", "size"}, Case{"size=101", "size"},
                        Case{"page=99999999999999999999", "page"}, Case{"page=9223372036854775807", "page"}}) {
    const auto response = call(verb::get, std::string("/api/v1/products/search?") + c.query);
    expect_error_shape(response, status::bad_request);
    EXPECT_FALSE(field_error(response, c.parameter).empty()) << c.query << ": " << response.body();
  }
  EXPECT_FALSE(repository_.last_query());
}

// --- routing ------------------------------------------------------------------------------------

TEST_F(RestApiTest, UnknownRouteIs404) {
  expect_error_shape(call(verb::get, "/api/v1/nothing"), status::not_found);
  expect_error_shape(call(verb::get, "/api/v1/products/a/b"), status::not_found);
}

TEST_F(RestApiTest, WrongMethodIs405WithAllow) {
  auto response = call(verb::patch, std::string("/api/v1/products/") + kId, kValidBody);
  expect_error_shape(response, status::method_not_allowed);
  EXPECT_EQ(response[field::allow], "GET, PUT, DELETE, HEAD, OPTIONS");

  response = call(verb::get, "/api/v1/products");
  expect_error_shape(response, status::method_not_allowed);
  EXPECT_EQ(response[field::allow], "POST, OPTIONS");
}

TEST_F(RestApiTest, MalformedTargetIs400) {
  expect_error_shape(call(verb::get, "http://example.com/api/v1/products/search"), status::bad_request);
  expect_error_shape(call(verb::get, "/api/v1/products/%zz"), status::bad_request);
}

// --- health, readiness, docs ------------------------------------------------------------------

TEST_F(RestApiTest, HealthzIsOk) {
  const auto response = call(verb::get, "/healthz");
  EXPECT_EQ(response.result(), status::ok);
  EXPECT_EQ(json_of(response).at("status").as_string(), "ok");
}

TEST_F(RestApiTest, ReadyzReportsFailingDependencies) {
  auto response = call(verb::get, "/readyz");
  EXPECT_EQ(response.result(), status::ok);
  EXPECT_EQ(json_of(response).at("status").as_string(), "ready");

  failing_ = {"kafka", "mongodb"};
  response = call(verb::get, "/readyz");
  EXPECT_EQ(response.result(), status::service_unavailable);
  const auto body = json_of(response).as_object();
  EXPECT_EQ(body.at("status").as_string(), "unavailable");
  EXPECT_EQ(boost::json::serialize(body.at("failing")), R"(["kafka","mongodb"])");
}

TEST_F(RestApiTest, ReadyzIsUnavailableWhileShuttingDown) {
  api_.set_shutting_down();
  const auto response = call(verb::get, "/readyz");
  EXPECT_EQ(response.result(), status::service_unavailable);
  EXPECT_EQ(boost::json::serialize(json_of(response).at("failing")), R"(["shutting down"])");
  EXPECT_EQ(call(verb::get, "/healthz").result(), status::ok);
}

// Swagger UI's files from a folder of the test's own, as scripts/swagger-ui.sh lays them out.
class SwaggerTest : public RestFixture {
 protected:
  static HttpConfig with_ui() {
    static const FileTree ui("swagger-ui");
    ui.write("index.html", "<!DOCTYPE html><script src=\"./swagger-initializer.js\"></script>");
    ui.write("swagger-initializer.js", "SwaggerUIBundle({ url: \"/swagger/openapi.yaml\" });");
    auto config = test_config();
    config.swagger_ui_dir = ui.root().string();
    return config;
  }
  SwaggerTest() : RestFixture(with_ui()) {}
};

TEST_F(SwaggerTest, ServesTheUiAndTheLocalDocument) {
  const auto index = call(verb::get, "/swagger/index.html");
  EXPECT_EQ(index.result(), status::ok);
  EXPECT_EQ(index[field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(index.body().find("swagger-initializer.js"), std::string::npos);
  const auto initializer = call(verb::get, "/swagger/swagger-initializer.js");
  EXPECT_EQ(initializer[field::content_type], "text/javascript; charset=utf-8");
  EXPECT_NE(initializer.body().find("/swagger/openapi.yaml"), std::string::npos);

  const auto document = call(verb::get, "/swagger/openapi.yaml");
  EXPECT_EQ(document.result(), status::ok);
  EXPECT_EQ(document[field::content_type], "application/yaml; charset=utf-8");
  EXPECT_EQ(document.body().rfind("openapi: 3", 0), 0u) << document.body().substr(0, 40);

  for (const char* path : {"/swagger", "/swagger/"}) {
    const auto redirect = call(verb::get, path);
    EXPECT_EQ(redirect.result(), status::moved_permanently) << path;
    EXPECT_EQ(redirect[field::location], "/swagger/index.html") << path;
  }
  expect_error_shape(call(verb::get, "/swagger/missing.js"), status::not_found);
  expect_error_shape(call(verb::get, "/swagger/%2e%2e%2fconfig.yaml"), status::not_found);
}

class MissingDocumentTest : public RestFixture {
 protected:
  static HttpConfig without_document() {
    auto config = test_config();
    config.openapi_file = "/nonexistent/openapi.yaml";
    config.swagger_ui_dir = "/nonexistent/swagger-ui";
    return config;
  }
  MissingDocumentTest() : RestFixture(without_document()) {}
};

TEST_F(MissingDocumentTest, DocumentIs404AndTheApiStillWorks) {
  expect_error_shape(call(verb::get, "/swagger/openapi.yaml"), status::not_found);
  expect_error_shape(call(verb::get, "/swagger/index.html"), status::not_found);
  EXPECT_EQ(call(verb::get, "/healthz").result(), status::ok);
}

}  // namespace
}  // namespace products::adapters::http::testing
