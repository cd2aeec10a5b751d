#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "adapters/http/rest_api.hpp"
#include "adapters/runtime/work_pool.hpp"
#include "fakes.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "usecase/product_service.hpp"

namespace products::adapters::http::testing {

namespace beast_http = boost::beast::http;

inline constexpr const char* kValidBody =
    R"({"categoryId":"5f1e9a3b8c9d0e1f2a3b4c5d","name":"Coffee mug","description":"A big mug",)"
    R"("price":12.5,"imageUrl":"https://example.com/mug.png","photos":["https://example.com/1.png"],)"
    R"("quantity":3,"rating":7})";

inline Request make_request(beast_http::verb method, std::string target, std::string body = {},
                            std::string content_type = "application/json") {
  Request request{method, target, 11};
  if (!body.empty() || method == beast_http::verb::post || method == beast_http::verb::put) {
    if (!content_type.empty()) request.set(beast_http::field::content_type, content_type);
    request.body() = std::move(body);
    request.prepare_payload();
  }
  return request;
}

inline boost::json::value json_of(const Response& response) { return boost::json::parse(response.body()); }

// The real ProductService over fakes, and the RestApi on top, driven without sockets.
class RestFixture : public ::testing::Test {
 protected:
  static HttpConfig test_config() {
    HttpConfig config;
    config.request_timeout = std::chrono::milliseconds(2000);
    config.openapi_file = std::string(PRODUCTS_SOURCE_DIR) + "/api/openapi.yaml";
    return config;
  }

  explicit RestFixture(HttpConfig config = test_config(), std::size_t workers = 2, std::size_t queue = 16)
      : config_(std::move(config)),
        pool_(workers, queue, "test-work"),
        api_(service_, cached_, pool_, config_, [this] { return failing_; }) {}
  // Before the members go: an answer given on another thread may still be using the RestApi.
  ~RestFixture() override { cached_.join(); }

  // Starts a request; the future holds its response once the reply is sent.
  std::future<Response> start(const Request& request) {
    auto promise = std::make_shared<std::promise<Response>>();
    auto future = promise->get_future();
    api_.dispatch(request, Reply([promise](Response&& response) { promise->set_value(std::move(response)); }));
    return future;
  }

  Response call(const Request& request) {
    auto future = start(request);
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "no response to " << request.method_string() << " " << request.target();
      return Response{};
    }
    return future.get();
  }

  Response call(beast_http::verb method, std::string target, std::string body = {},
                std::string content_type = "application/json") {
    return call(make_request(method, std::move(target), std::move(body), std::move(content_type)));
  }

  HttpConfig config_;
  FakeRepository repository_;
  FakeCache cache_;
  FakePublisher publisher_;
  usecase::CacheObserver observer_;
  products::testing::FakeIdempotencyStore idempotency_;
  usecase::ProductService service_{repository_, cache_, publisher_, observer_, idempotency_};
  FakeCachedReader cached_;
  runtime::WorkPool pool_;
  std::vector<std::string> failing_;
  RestApi api_;
};

}  // namespace products::adapters::http::testing
