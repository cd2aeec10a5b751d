#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/http/router.hpp"
#include "adapters/http/static_files.hpp"
#include "file_tree.hpp"

namespace products::adapters::http::testing {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::field;
using beast_http::status;
using beast_http::verb;

// The files as the service serves them: behind the router's `{file}` placeholder, which
// percent-decodes the segment, so encoded traversal reaches StaticFiles decoded.
class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() : outside_("static-outside"), tree_("static-root") {
    tree_.write("index.html", "<!DOCTYPE html><title>ui</title>");
    tree_.write("app.js", "console.log(1);");
    tree_.write("style.css", "body{}");
    tree_.write("icon.png", std::string("\x89PNG\r\n\x1a\n", 8));
    tree_.write("LICENSE", "Apache-2.0");
    tree_.write("data.bin", "\x01\x02");
    tree_.write(".installed", "stamp");
    tree_.write("sub/inner.js", "inner");
    secret_ = outside_.write("secret.txt", "top secret");
    std::filesystem::create_symlink(secret_, tree_.root() / "escape.txt");
    std::filesystem::create_symlink(outside_.root(), tree_.root() / "outside");
    std::filesystem::create_symlink(tree_.root() / "app.js", tree_.root() / "alias.js");
  }

  Response get(const std::string& target, const std::string& if_none_match = {}) {
    if (!router_) {
      files_ = StaticFiles(tree_.root());
      router_.emplace();
      router_->add(verb::get, "/static/{file}", [this](const Request& request, const PathParams& params, Reply& reply) {
        reply(files_.serve(request, params.at("file")));
      });
    }
    Request request{verb::get, target, 11};
    if (!if_none_match.empty()) request.set(field::if_none_match, if_none_match);
    std::optional<Response> sent;
    router_->dispatch(request, Reply([&](Response&& response) { sent = std::move(response); }));
    EXPECT_TRUE(sent);
    return sent ? std::move(*sent) : Response{};
  }

  FileTree outside_;
  FileTree tree_;
  std::filesystem::path secret_;
  StaticFiles files_;
  std::optional<Router> router_;
};

TEST_F(StaticFilesTest, ServesEachFileWithItsContentType) {
  const std::pair<const char*, const char*> cases[] = {
      {"index.html", "text/html; charset=utf-8"}, {"app.js", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},   {"icon.png", "image/png"},
      {"LICENSE", "text/plain; charset=utf-8"},   {"data.bin", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) {
    const auto response = get(std::string("/static/") + name);
    EXPECT_EQ(response.result(), status::ok) << name;
    EXPECT_EQ(response[field::content_type], type) << name;
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << name;
  }
  EXPECT_EQ(get("/static/app.js").body(), "console.log(1);");
  EXPECT_EQ(get("/static/icon.png").body(), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(StaticFilesTest, MissingFilesAre404) {
  for (const char* target : {"/static/nothing.js", "/static/", "/static/INDEX.HTML", "/static/.installed"}) {
    const auto response = get(target);
    EXPECT_EQ(response.result(), status::not_found) << target;
    EXPECT_EQ(response[field::content_type], "application/json") << target;
  }
}

TEST_F(StaticFilesTest, NoPathLeavesTheFolder) {
  const auto outside_name = secret_.filename().string();
  const std::vector<std::string> targets{
           "/static/../" + outside_name,
           "/static/%2e%2e%2f" + outside_name,
           "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
           "/static/..%2f..%2fetc%2fpasswd",
           "/static/%2fetc%2fpasswd",
           "/static/" + std::string("%2F") + secret_.string().substr(1),
           "/static/sub%2finner.js",
           "/static/.%2fapp.js",
           "/static/escape.txt",
           "/static/outside%2f" + outside_name,
           "/static/..",
           "/static/%00app.js",
  };
  for (const auto& target : targets) {
    const auto response = get(target);
    EXPECT_EQ(response.result(), status::not_found) << target;
    EXPECT_EQ(response.body().find("top secret"), std::string::npos) << target;
  }
}

TEST_F(StaticFilesTest, ALinkToAFileInsideTheFolderIsServed) {
  EXPECT_EQ(get("/static/alias.js").body(), "console.log(1);");
}

TEST_F(StaticFilesTest, ETagRevalidationAnswers304) {
  const auto first = get("/static/app.js");
  const std::string etag(first[field::etag]);
  ASSERT_EQ(etag.size(), 34u) << etag;  // 128 bits in hex, quoted
  EXPECT_EQ(first[field::cache_control], "no-cache");
  EXPECT_NE(etag, std::string(get("/static/style.css")[field::etag]));

  for (const std::string header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const auto again = get("/static/app.js", header);
    EXPECT_EQ(again.result(), status::not_modified) << header;
    EXPECT_TRUE(again.body().empty());
    EXPECT_EQ(again[field::etag], etag);
  }
  EXPECT_EQ(get("/static/app.js", "\"other\"").result(), status::ok);
}

TEST(StaticFilesAddTest, AddsOneFileUnderAName) {
  FileTree tree("static-add");
  StaticFiles files;
  EXPECT_TRUE(files.add("openapi.yaml", tree.write("api/spec.yaml", "openapi: 3.0.3\n")));
  EXPECT_FALSE(files.add("missing.yaml", tree.root() / "missing.yaml"));
  const auto response = files.serve(Request{verb::get, "/", 11}, "openapi.yaml");
  EXPECT_EQ(response[field::content_type], "application/yaml; charset=utf-8");
  EXPECT_EQ(response.body(), "openapi: 3.0.3\n");
  EXPECT_EQ(files.serve(Request{verb::get, "/", 11}, "missing.yaml").result(), status::not_found);
}

TEST(StaticFilesAddTest, AFolderThatDoesNotExistServesNothing) {
  EXPECT_EQ(StaticFiles("/nonexistent/swagger-ui").size(), 0u);
}

}  // namespace
}  // namespace products::adapters::http::testing
