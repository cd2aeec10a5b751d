#include <optional>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "adapters/http/reply.hpp"
#include "adapters/http/responses.hpp"

namespace products::adapters::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;

TEST(ReplyTest, OnlyTheFirstAnswerCounts) {
  std::vector<unsigned> sent;
  {
    Reply reply([&](Response&& response) { sent.push_back(response.result_int()); });
    reply(json_response(status::ok, "{}"));
    reply(json_response(status::not_found, "{}"));
  }
  EXPECT_EQ(sent, std::vector<unsigned>{200});
}

TEST(ReplyTest, MovedReplyAnswersOnceThroughTheNewOwner) {
  std::vector<unsigned> sent;
  {
    Reply first([&](Response&& response) { sent.push_back(response.result_int()); });
    Reply second(std::move(first));
    first(json_response(status::ok, "{}"));  // moved from: ignored
    second(json_response(status::accepted, "{}"));
  }
  EXPECT_EQ(sent, std::vector<unsigned>{202});
}

TEST(ReplyTest, DroppedReplyAnswers500) {
  std::optional<Response> sent;
  { Reply reply([&](Response&& response) { sent = std::move(response); }); }
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->result(), status::internal_server_error);
}

TEST(ResponsesTest, EachErrorKindMapsToOneStatus) {
  EXPECT_EQ(status_for(domain::ErrorKind::InvalidArgument), status::bad_request);
  EXPECT_EQ(status_for(domain::ErrorKind::NotFound), status::not_found);
  EXPECT_EQ(status_for(domain::ErrorKind::Conflict), status::unprocessable_entity);
  EXPECT_EQ(status_for(domain::ErrorKind::Unavailable), status::service_unavailable);
  EXPECT_EQ(status_for(domain::ErrorKind::DeadlineExceeded), status::service_unavailable);
  EXPECT_EQ(status_for(domain::ErrorKind::Internal), status::internal_server_error);
}

TEST(ResponsesTest, ErrorBodyHasTheContractShape) {
  const auto response = error_response(status::bad_request, "invalid input", {{"name", "is required"}});
  EXPECT_EQ(response[beast_http::field::content_type], "application/json");
  EXPECT_EQ(boost::json::parse(response.body()),
            boost::json::parse(R"({"status":400,"error":"Bad Request","message":"invalid input",)"
                               R"("fields":{"name":"is required"}})"));
  EXPECT_FALSE(boost::json::parse(error_response(status::not_found, "no").body()).as_object().contains("fields"));
}

TEST(ResponsesTest, InternalErrorsHideTheirDetails) {
  for (const auto& error : {std::make_exception_ptr(domain::Error::internal("db password is hunter2")),
                            std::make_exception_ptr(std::runtime_error("db password is hunter2"))}) {
    const auto response = error_response(error);
    EXPECT_EQ(response.result(), status::internal_server_error);
    EXPECT_EQ(response.body().find("hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace products::adapters::http
