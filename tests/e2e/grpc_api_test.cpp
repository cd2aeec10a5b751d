// Black-box tests of the gRPC API (SPEC §2, §4): the real binary against the local stack, through
// the generated stubs.

#include <cctype>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "domain/timestamp.hpp"
#include "support/catalog_audit.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/service_log_checks.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using grpc::StatusCode;
using productsService::CreateReq;
using productsService::UpdateReq;

// Wire bytes of grpc.health.v1.HealthCheckRequest{service}: field 1, length-delimited.
std::string health_request(const std::string& service) {
  if (service.empty()) return {};
  return std::string{'\x0a', static_cast<char>(service.size())} + service;
}

struct RawReply {
  grpc::Status status;
  std::string bytes;
};

// One unary call with serialized messages, for services whose generated code this project does
// not have (grpc.health.v1) and for bytes that the generated code would not send.
RawReply raw_call(const std::shared_ptr<grpc::Channel>& channel, const std::string& method, const std::string& request) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  set_test_deadline(context);
  grpc::Slice slice(request.data(), request.size());
  grpc::ByteBuffer sent(&slice, 1);
  grpc::ByteBuffer received;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &sent, &received,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  RawReply reply{done.get_future().get(), {}};
  std::vector<grpc::Slice> slices;
  if (reply.status.ok() && received.Dump(&slices).ok()) {
    for (const auto& s : slices) reply.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return reply;
}

class GrpcApiTest : public SharedServiceSuite<GrpcApiTest> {
 protected:
  static void SetUpTestSuite() {
    SharedServiceSuite::SetUpTestSuite();
    channel_ = grpc::CreateChannel(service_->grpc_target(), grpc::InsecureChannelCredentials());
    stub_ = productsService::ProductsService::NewStub(channel_);
  }

  static void TearDownTestSuite() {
    stub_.reset();
    channel_.reset();
    SharedServiceSuite::TearDownTestSuite();
  }

  static grpc::Status create(const CreateReq& request, productsService::CreateRes& response) {
    grpc::ClientContext context;
    set_test_deadline(context);
    return stub_->Create(&context, request, &response);
  }

  static grpc::Status update(const UpdateReq& request, productsService::UpdateRes& response) {
    grpc::ClientContext context;
    set_test_deadline(context);
    return stub_->Update(&context, request, &response);
  }

  static grpc::Status get(const std::string& id, productsService::GetByIDRes& response) {
    grpc::ClientContext context;
    set_test_deadline(context);
    productsService::GetByIDReq request;
    request.set_productid(id);
    return stub_->GetByID(&context, request, &response);
  }

  static grpc::Status search(const std::string& text, std::int64_t page, std::int64_t size,
                             productsService::SearchRes& response) {
    grpc::ClientContext context;
    set_test_deadline(context);
    productsService::SearchReq request;
    request.set_search(text);
    request.set_page(page);
    request.set_size(size);
    return stub_->Search(&context, request, &response);
  }

  static grpc::Status remove(const std::string& id) {
    grpc::ClientContext context;
    set_test_deadline(context);
    productsService::DeleteReq request;
    request.set_productid(id);
    productsService::DeleteRes response;
    return stub_->Delete(&context, request, &response);
  }

  // Creates a product and returns it as stored; fails the test when the call fails.
  static productsService::Product created(const CreateReq& request) {
    productsService::CreateRes response;
    const auto status = create(request, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.product();
  }

  static inline std::shared_ptr<grpc::Channel> channel_;
  static inline std::unique_ptr<productsService::ProductsService::Stub> stub_;
};

template <class Request>
void expect_same_user_fields(const productsService::Product& product, const Request& request) {
  EXPECT_EQ(product.categoryid(), request.categoryid());
  EXPECT_EQ(product.name(), request.name());
  EXPECT_EQ(product.description(), request.description());
  EXPECT_DOUBLE_EQ(product.price(), request.price());
  EXPECT_EQ(product.imageurl(), request.imageurl());
  EXPECT_EQ(std::vector<std::string>(product.photos().begin(), product.photos().end()),
            std::vector<std::string>(request.photos().begin(), request.photos().end()));
  EXPECT_EQ(product.quantity(), request.quantity());
  EXPECT_EQ(product.rating(), request.rating());
}

TEST_F(GrpcApiTest, CreateReturnsTheStoredProductThenGetByIdReturnsItToo) {
  const auto request = valid_create_request("Created over gRPC " + unique_search_word("c"));
  const auto now = domain::now_ms().time_since_epoch();
  const auto product = created(request);

  ASSERT_TRUE(is_object_id(product.productid())) << product.DebugString();
  expect_same_user_fields(product, request);
  ASSERT_TRUE(product.has_createdat() && product.has_updatedat()) << product.DebugString();
  EXPECT_NEAR(to_millis(product.createdat()).count(), std::chrono::milliseconds(now).count(), 60'000);
  EXPECT_EQ(to_millis(product.updatedat()), to_millis(product.createdat()));

  productsService::GetByIDRes found;
  const auto status = get(product.productid(), found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(found.product().DebugString(), product.DebugString());

  // The same product over REST: one store behind both transports.
  const auto rest = service_->http().get(product_path(product.productid()));
  ASSERT_EQ(rest.status, 200) << rest.body;
  const auto json = json_object(rest.body);
  ASSERT_TRUE(json);
  EXPECT_EQ(string_member(*json, "name"), request.name());
}

TEST_F(GrpcApiTest, UpdateReturnsTheUpdatedProductAndReadsSeeIt) {
  const auto original = created(valid_create_request("Before gRPC update " + unique_search_word("u")));
  ASSERT_FALSE(original.productid().empty());
  productsService::GetByIDRes cached;  // a read before the update puts it in the cache
  ASSERT_TRUE(get(original.productid(), cached).ok());

  const auto request = valid_update_request(original.productid(), "After gRPC update " + unique_search_word("u"));
  productsService::UpdateRes response;
  const auto status = update(request, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto& product = response.product();
  EXPECT_EQ(product.productid(), original.productid());
  expect_same_user_fields(product, request);
  EXPECT_EQ(to_millis(product.createdat()), to_millis(original.createdat()));
  EXPECT_GE(to_millis(product.updatedat()), to_millis(product.createdat()));
  EXPECT_GE(to_millis(product.updatedat()), to_millis(original.updatedat()));

  productsService::GetByIDRes found;
  ASSERT_TRUE(get(original.productid(), found).ok());
  EXPECT_EQ(found.product().DebugString(), product.DebugString());
}

TEST_F(GrpcApiTest, UpdateOfAnUnknownIdIsNotFound) {
  productsService::UpdateRes response;
  const auto status = update(valid_update_request("65a1b2c3d4e5f60718293a4d", "Nobody's product"), response);
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND) << status.error_message();

  // ...and did not create it either.
  productsService::GetByIDRes found;
  EXPECT_EQ(get("65a1b2c3d4e5f60718293a4d", found).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(GrpcApiTest, SearchPagesNewestFirstAndDefaultsPageAndSize) {
  const auto word = unique_search_word("Grpc");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(created(valid_create_request(fmt::format("Item {} {}", word, i))).productid());

  productsService::SearchRes first;
  ASSERT_TRUE(search(word, 1, 2, first).ok());
  EXPECT_EQ(first.totalcount(), 3);
  EXPECT_EQ(first.totalpages(), 2);
  EXPECT_EQ(first.page(), 1);
  EXPECT_EQ(first.size(), 2);
  EXPECT_TRUE(first.hasmore());
  ASSERT_EQ(first.products_size(), 2);
  EXPECT_EQ(first.products(0).productid(), ids[2]);
  EXPECT_EQ(first.products(1).productid(), ids[1]);

  productsService::SearchRes second;
  ASSERT_TRUE(search(word, 2, 2, second).ok());
  EXPECT_EQ(second.totalcount(), 3);
  EXPECT_EQ(second.page(), 2);
  EXPECT_FALSE(second.hasmore());
  ASSERT_EQ(second.products_size(), 1);
  EXPECT_EQ(second.products(0).productid(), ids[0]);

  // Zero is what an unset field reads as: it means "the default".
  productsService::SearchRes defaults;
  ASSERT_TRUE(search(word, 0, 0, defaults).ok());
  EXPECT_EQ(defaults.page(), 1);
  EXPECT_EQ(defaults.size(), 10);
  EXPECT_EQ(defaults.totalcount(), 3);
  EXPECT_EQ(defaults.products_size(), 3);
  EXPECT_FALSE(defaults.hasmore());

  // Case-insensitive, and literal.
  productsService::SearchRes shouted;
  std::string upper = word;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_TRUE(search(upper, 1, 10, shouted).ok());
  EXPECT_EQ(shouted.totalcount(), 3);
  productsService::SearchRes regex;
  ASSERT_TRUE(search(word.substr(0, 3) + ".*", 1, 10, regex).ok());
  EXPECT_EQ(regex.totalcount(), 0);

  for (const auto& [page, size, field] : std::vector<std::tuple<std::int64_t, std::int64_t, std::string>>{
           {-1, 10, "page"}, {1, -1, "size"}, {1, 101, "size"}}) {
    productsService::SearchRes rejected;
    const auto status = search(word, page, size, rejected);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << page << "/" << size;
    EXPECT_NE(status.error_message().find(field), std::string::npos) << status.error_message();
  }
}

TEST_F(GrpcApiTest, DeleteRemovesTheProductOnce) {
  const auto product = created(valid_create_request("To be deleted over gRPC " + unique_search_word("d")));
  ASSERT_FALSE(product.productid().empty());
  productsService::GetByIDRes cached;  // a read before the delete puts it in the cache
  ASSERT_TRUE(get(product.productid(), cached).ok());

  const auto deleted = remove(product.productid());
  ASSERT_TRUE(deleted.ok()) << deleted.error_message();

  productsService::GetByIDRes found;
  EXPECT_EQ(get(product.productid(), found).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(remove(product.productid()).error_code(), StatusCode::NOT_FOUND);
  productsService::UpdateRes updated;
  EXPECT_EQ(update(valid_update_request(product.productid(), "Back from the dead"), updated).error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(service_->http().get(product_path(product.productid())).status, 404);
}

struct InvalidCase {
  std::string what, field;
  // Breaks one rule; applied to a CreateReq and to an UpdateReq alike.
  std::function<void(CreateReq&)> create;
  std::function<void(UpdateReq&)> update;
};

// The same change to both request types, which share field names.
#define BREAK(what, field, statement) \
  InvalidCase { what, field, [](CreateReq& r) { statement; }, [](UpdateReq& r) { statement; } }

TEST_F(GrpcApiTest, EveryValidationRuleIsInvalidArgumentNamingTheField) {
  const std::vector<InvalidCase> cases{
      BREAK("categoryId missing", "categoryId", r.clear_categoryid()),
      BREAK("categoryId not hex", "categoryId", r.set_categoryid("zz000000000000000000000z")),
      BREAK("categoryId too long", "categoryId", r.set_categoryid("65a1b2c3d4e5f60718293a4b00")),
      BREAK("name missing", "name", r.clear_name()),
      BREAK("name too short", "name", r.set_name("ab")),
      BREAK("name too long", "name", r.set_name(std::string(251, 'n'))),
      BREAK("description missing", "description", r.clear_description()),
      BREAK("description too short", "description", r.set_description("de")),
      BREAK("description too long", "description", r.set_description(std::string(501, 'd'))),
      BREAK("price zero", "price", r.set_price(0)),
      BREAK("price negative", "price", r.set_price(-3)),
      BREAK("price NaN", "price", r.set_price(std::numeric_limits<double>::quiet_NaN())),
      BREAK("price infinite", "price", r.set_price(std::numeric_limits<double>::infinity())),
      BREAK("imageUrl not http", "imageUrl", r.set_imageurl("ftp://images.example.com/a.png")),
      BREAK("imageUrl relative", "imageUrl", r.set_imageurl("images/a.png")),
      BREAK("21 photos", "photos", for (int i = 0; i < 21; ++i) r.add_photos("https://images.example.com/p.png")),
      BREAK("a bad photo", "photos[2]", r.add_photos("mailto:someone@example.com")),
      BREAK("quantity negative", "quantity", r.set_quantity(-1)),
      BREAK("rating 11", "rating", r.set_rating(11)),
      BREAK("rating -1", "rating", r.set_rating(-1)),
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto create_request = valid_create_request("Broken product");
    c.create(create_request);
    productsService::CreateRes create_response;
    const auto create_status = create(create_request, create_response);
    EXPECT_EQ(create_status.error_code(), StatusCode::INVALID_ARGUMENT) << create_status.error_message();
    EXPECT_NE(create_status.error_message().find(c.field), std::string::npos) << create_status.error_message();

    // Validation comes before the lookup: the id need not exist.
    auto update_request = valid_update_request("65a1b2c3d4e5f60718293a4d", "Broken product");
    c.update(update_request);
    productsService::UpdateRes update_response;
    const auto update_status = update(update_request, update_response);
    EXPECT_EQ(update_status.error_code(), StatusCode::INVALID_ARGUMENT) << update_status.error_message();
    EXPECT_NE(update_status.error_message().find(c.field), std::string::npos) << update_status.error_message();
  }
}

#undef BREAK

// protobuf refuses a proto3 string that is not UTF-8 while parsing, and gRPC alone would then
// answer a bare UNIMPLEMENTED; the service parses requests itself so the client learns which field
// is wrong. The requests go out as raw bytes, as a buggy or hostile client would send them.
// protobuf also logs each refusal: through spdlog, never as a line of its own on stderr.
TEST_F(GrpcApiTest, StringThatIsNotUtf8IsInvalidArgumentNamingTheFieldAndNothingChanges) {
  const std::string kService = "/productsService.ProductsService/";
  const auto names = [](const RawReply& reply, const std::string& field) {
    EXPECT_EQ(reply.status.error_code(), StatusCode::INVALID_ARGUMENT) << reply.status.error_message();
    EXPECT_EQ(reply.status.error_message(), "invalid input: " + field + " must be valid UTF-8");
  };
  const auto word = unique_search_word("Utf");
  const auto request = valid_create_request(word + " name");
  names(raw_call(channel_, kService + "Create", with_invalid_utf8(request, word + " name")), "name");
  names(raw_call(channel_, kService + "Create", with_invalid_utf8(request, "for end-to-end tests")), "description");
  names(raw_call(channel_, kService + "Create", with_invalid_utf8(request, "2.jpg")), "photos[1]");

  const auto stored = created(valid_create_request(word + " stored"));
  const auto& id = stored.productid();
  const auto update_request = valid_update_request(id, word + " renamed");
  names(raw_call(channel_, kService + "Update", with_invalid_utf8(update_request, id)), "productId");
  names(raw_call(channel_, kService + "Update", with_invalid_utf8(update_request, word + " renamed")), "name");
  productsService::GetByIDReq get_request;
  get_request.set_productid(id);
  names(raw_call(channel_, kService + "GetByID", with_invalid_utf8(get_request, id)), "productId");
  productsService::DeleteReq delete_request;
  delete_request.set_productid(id);
  names(raw_call(channel_, kService + "Delete", with_invalid_utf8(delete_request, id)), "productId");
  productsService::SearchReq search_request;
  search_request.set_search(word);
  names(raw_call(channel_, kService + "Search", with_invalid_utf8(search_request, word)), "search");

  // Nothing was created, renamed or deleted: the word finds the one product, as it was stored.
  productsService::SearchRes found;
  ASSERT_TRUE(search(word, 1, 10, found).ok());
  ASSERT_EQ(found.totalcount(), 1);
  EXPECT_EQ(found.products(0).DebugString(), stored.DebugString());

  const auto log = service_->process().log();
  EXPECT_EQ(log.find("[libprotobuf"), std::string::npos) << log_tail(log);
}

TEST_F(GrpcApiTest, MalformedProductIdIsInvalidArgument) {
  for (const std::string id : {"", "not-an-id", "zzzzzzzzzzzzzzzzzzzzzzzz", "65a1b2c3d4e5f60718293a4", "{\"$gt\":\"\"}"}) {
    SCOPED_TRACE("id '" + id + "'");
    const auto names_the_id = [](const grpc::Status& status) {
      EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << status.error_message();
      EXPECT_NE(status.error_message().find("productId"), std::string::npos) << status.error_message();
    };
    productsService::GetByIDRes found;
    names_the_id(get(id, found));
    productsService::UpdateRes updated;
    names_the_id(update(valid_update_request(id, "Product with a bad id"), updated));
    names_the_id(remove(id));
  }
}

TEST_F(GrpcApiTest, HealthCheckSaysServing) {
  constexpr auto kCheck = "/grpc.health.v1.Health/Check";
  const std::string kServing{'\x08', '\x01'};  // HealthCheckResponse{status: SERVING}

  const auto overall = raw_call(channel_, kCheck, health_request(""));
  ASSERT_TRUE(overall.status.ok()) << overall.status.error_message();
  EXPECT_EQ(overall.bytes, kServing);

  const auto products = raw_call(channel_, kCheck, health_request("productsService.ProductsService"));
  ASSERT_TRUE(products.status.ok()) << products.status.error_message();
  EXPECT_EQ(products.bytes, kServing);

  const auto unknown = raw_call(channel_, kCheck, health_request("no.such.Service"));
  EXPECT_EQ(unknown.status.error_code(), StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace products::testing
