// Swagger UI in a real browser (Debian's headless Chromium, driven over the DevTools protocol)
// against the real binary: every operation of api/openapi.yaml is rendered, "Try it out" →
// Execute on GET by id answers 200, and nothing is loaded from any host but the service.

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/headless_chromium.hpp"
#include "support/openapi_operations.hpp"
#include "support/product_fixtures.hpp"
#include "support/service_under_test.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

namespace bj = boost::json;
using namespace std::chrono_literals;

constexpr auto kVisible = 30s;
constexpr auto kRendered = 30s;

// The operations the page shows, in the form openapi_operations() uses.
constexpr const char* kRenderedOperations = R"js(
  [...document.querySelectorAll('.opblock')].map(op =>
      op.querySelector('.opblock-summary-method').textContent.trim() + ' ' +
      op.querySelector('.opblock-summary-path').getAttribute('data-path')))js";

std::string text(const bj::value& value) { return value.is_string() ? std::string(value.as_string()) : ""; }

std::string base64_decode(const std::string& encoded) {
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                     reinterpret_cast<const unsigned char*>(encoded.data()),
                                     static_cast<int>(encoded.size()));
  if (length < 0) return {};
  decoded.resize(static_cast<std::size_t>(length) - (encoded.ends_with("==") ? 2 : encoded.ends_with("=") ? 1 : 0));
  return decoded;
}

class SwaggerUiTest : public ::testing::Test {
 protected:
  // Any origin may call the API, so that the page can also call it from another origin.
  SwaggerUiTest() : service_(ServiceNamespace::fresh(), {{"HTTP_CORS_ALLOWED_ORIGINS", "*"}}) {}

  void SetUp() override {
    ASSERT_TRUE(service_.wait_ready());
    origin_ = fmt::format("http://127.0.0.1:{}", service_.http_port());
  }

  // Waits until `expression` is true in the page; false after the deadline.
  bool wait_for(DevToolsClient& page, const std::string& expression) {
    return wait_until([&] { return page.evaluate("Boolean(" + expression + ")").as_bool(); }, kRendered,
                      200ms);
  }

  // Every URL the page requested; each must be the service's (or inline data).
  void expect_only_the_service(DevToolsClient& page) {
    std::vector<std::string> urls;
    for (const auto& event : page.events("Network.requestWillBeSent")) {
      urls.push_back(text(event.at("request").at("url")));
    }
    EXPECT_FALSE(urls.empty());
    for (const auto& url : urls) {
      const bool local = url.starts_with(origin_ + "/") || url.starts_with(loopback_name_origin() + "/") ||
                         url.starts_with("data:");
      EXPECT_TRUE(local) << "the page requested " << url;
    }
    for (const auto* file : {"/swagger/swagger-ui-bundle.js", "/swagger/swagger-ui.css", "/swagger/openapi.yaml"}) {
      EXPECT_NE(std::find(urls.begin(), urls.end(), origin_ + file), urls.end()) << file;
    }
    for (const auto& failure : page.events("Network.loadingFailed")) {
      ADD_FAILURE() << "a request failed: " << bj::serialize(failure);
    }
  }

  // The same service under another name: another origin to the browser.
  std::string loopback_name_origin() const { return fmt::format("http://localhost:{}", service_.http_port()); }

  ServiceUnderTest service_;
  std::string origin_;
};

TEST_F(SwaggerUiTest, RendersEveryOperationOfflineAndExecutesAGetById) {
  const auto client = service_.http();
  const auto id = create_product(client, valid_product_json("Swagger mug"));
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(get_until_status(client, id, 200, kVisible).status, 200);

  HeadlessChromium chromium(1280, 1000);
  auto& page = chromium.page();
  page.call("Network.enable");
  page.call("Page.enable");
  // The deep link opens the operation.
  page.call("Page.navigate", {{"url", origin_ + "/swagger/index.html#/products/getProduct"}});

  const auto documented = openapi_operations();
  std::set<std::string> rendered;
  wait_until(
      [&] {
        rendered.clear();
        const auto ops = page.evaluate(kRenderedOperations);
        for (const auto& op : ops.as_array()) {
          const auto name = text(op);
          rendered.insert(operation_name(name.substr(0, name.find(' ')), name.substr(name.find(' ') + 1)));
        }
        return rendered.size() >= documented.size();
      },
      kRendered, 200ms);
  EXPECT_EQ(rendered, documented);

  // Try it out → the id → Execute.
  const std::string op = "document.getElementById('operations-products-getProduct')";
  ASSERT_TRUE(wait_for(page, op + "?.querySelector('.try-out__btn')"));
  page.evaluate(op + ".querySelector('.try-out__btn').click()");
  ASSERT_TRUE(wait_for(page, op + "?.querySelector('.parameters input:not([disabled])')"));
  // Typed over the example as a person would, so that the page's own input handling sees it.
  page.evaluate(op + ".querySelector('.parameters input').select()");
  page.call("Input.insertText", {{"text", id}});
  // The field passes its value on after a pause or when it loses focus.
  page.evaluate(op + ".querySelector('.parameters input').blur()");
  page.evaluate(op + ".querySelector('.execute').click()");
  const std::string status = op + ".querySelector('.live-responses-table .response .response-col_status')";
  ASSERT_TRUE(wait_for(page, status)) << "no response was shown";
  EXPECT_EQ(text(page.evaluate(status + ".textContent.trim()")), "200");
  EXPECT_NE(text(page.evaluate(op + ".querySelector('.live-responses-table .response .response-col_description')"
                                    ".textContent"))
                .find(id),
            std::string::npos);

  // A page of another origin (localhost is not 127.0.0.1 to the browser) may call the API: the
  // PUT with a JSON body and a traceparent needs the preflight, which the browser must accept.
  const auto cross_origin = page.evaluate(fmt::format(
      R"js(fetch('{}/api/v1/products/{}', {{method: 'PUT', headers: {{'Content-Type': 'application/json',
           'traceparent': '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'}}, body: JSON.stringify({})}})
         .then(r => r.status + ' ' + r.headers.get('Content-Type'), e => 'failed: ' + e))js",
      loopback_name_origin(), id, bj::serialize(valid_product_json("Swagger mug, renamed"))));
  EXPECT_EQ(text(cross_origin), "202 application/json");

  expect_only_the_service(page);

  // The picture for the README (docs/swagger-ui.png is a copy): the page down to the answer.
  const auto bottom = page.evaluate(op + ".querySelector('.live-responses-table').getBoundingClientRect().bottom"
                                         " + window.scrollY + 16");
  const bj::object clip{{"x", 0}, {"y", 0}, {"width", 1280}, {"height", bottom.to_number<double>()}, {"scale", 1}};
  const auto shot =
      page.call("Page.captureScreenshot", {{"format", "png"}, {"captureBeyondViewport", true}, {"clip", clip}});
  const auto png = base64_decode(text(shot.at("data")));
  EXPECT_TRUE(png.starts_with("\x89PNG"));
  const auto path = fmt::format("{}/swagger-ui.png", PRODUCTS_BINARY_DIR);
  std::ofstream(path, std::ios::binary) << png;
  std::cout << "screenshot: " << path << std::endl;
}

}  // namespace
}  // namespace products::testing
