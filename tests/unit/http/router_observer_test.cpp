#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/http/responses.hpp"
#include "adapters/http/router.hpp"

namespace products::adapters::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;
using beast_http::verb;

struct Answer {
  std::string method;
  std::string route;
  unsigned status;
};

class RecordingObserver final : public RequestObserver {
 public:
  void answered(std::string_view method, std::string_view route, unsigned status, std::chrono::nanoseconds took) override {
    EXPECT_GE(took.count(), 0);
    answers.push_back({std::string(method), std::string(route), status});
  }
  std::vector<Answer> answers;
};

class RouterObserverTest : public ::testing::Test {
 protected:
  RouterObserverTest() {
    router_.add(verb::get, "/api/v1/products/{id}", [](const Request&, const PathParams&, Reply& reply) {
      reply(json_response(status::ok, "{}"));
    });
    router_.add(verb::get, "/api/v1/products/search", [](const Request&, const PathParams&, Reply& reply) {
      reply(json_response(status::ok, "[]"));
    });
    // Answers later, from wherever the reply went.
    router_.add(verb::post, "/api/v1/products", [this](const Request&, const PathParams&, Reply& reply) {
      later_.emplace(std::move(reply));
    });
    router_.observe(&observer_);
  }

  // The reply writes into a member: a route may answer after dispatch has returned.
  status dispatch(verb method, const std::string& target) {
    sent_.reset();
    router_.dispatch(Request{method, target, 11}, Reply([this](Response&& response) { sent_ = std::move(response); }));
    return sent_ ? sent_->result() : status::unknown;
  }

  std::optional<Response> sent_;
  Router router_;
  RecordingObserver observer_;
  std::optional<Reply> later_;
};

TEST_F(RouterObserverTest, TheRouteIsTheTemplateNeverThePath) {
  EXPECT_EQ(dispatch(verb::get, "/api/v1/products/6571f3c2a1b2c3d4e5f60718"), status::ok);
  EXPECT_EQ(dispatch(verb::get, "/api/v1/products/search?q=x"), status::ok);
  ASSERT_EQ(observer_.answers.size(), 2u);
  EXPECT_EQ(observer_.answers[0].method, "GET");
  EXPECT_EQ(observer_.answers[0].route, "/api/v1/products/{id}");
  EXPECT_EQ(observer_.answers[0].status, 200u);
  EXPECT_EQ(observer_.answers[1].route, "/api/v1/products/search");
}

TEST_F(RouterObserverTest, APathNoRouteMatchesIsUnmatched) {
  EXPECT_EQ(dispatch(verb::get, "/wp-admin/login.php"), status::not_found);
  EXPECT_EQ(dispatch(verb::get, "/api/v1/products/1/2"), status::not_found);
  ASSERT_EQ(observer_.answers.size(), 2u);
  for (const auto& answer : observer_.answers) {
    EXPECT_EQ(answer.route, "unmatched");
    EXPECT_EQ(answer.status, 404u);
  }
}

TEST_F(RouterObserverTest, AWrongMethodIsCountedUnderThePathsRoute) {
  EXPECT_EQ(dispatch(verb::delete_, "/api/v1/products/search"), status::method_not_allowed);
  ASSERT_EQ(observer_.answers.size(), 1u);
  EXPECT_EQ(observer_.answers[0].method, "DELETE");
  EXPECT_EQ(observer_.answers[0].route, "/api/v1/products/search");
  EXPECT_EQ(observer_.answers[0].status, 405u);
}

TEST_F(RouterObserverTest, AnAnswerGivenLaterIsObservedWhenItIsGiven) {
  EXPECT_EQ(dispatch(verb::post, "/api/v1/products"), status::unknown);
  EXPECT_TRUE(observer_.answers.empty());
  ASSERT_TRUE(later_);
  (*later_)(json_response(status::created, "{}"));
  ASSERT_TRUE(sent_);
  EXPECT_EQ(sent_->result(), status::created);
  ASSERT_EQ(observer_.answers.size(), 1u);
  EXPECT_EQ(observer_.answers[0].route, "/api/v1/products");
  EXPECT_EQ(observer_.answers[0].status, 201u);
}

}  // namespace
}  // namespace products::adapters::http
