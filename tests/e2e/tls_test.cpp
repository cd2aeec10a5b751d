// Black-box tests of HTTPS and gRPC over TLS (SPEC §10) with the certificates of scripts/cert.sh.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <gtest/gtest.h>

#include "support/catalog_audit.hpp"
#include "support/product_fixtures.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/service_under_test.hpp"
#include "support/shared_service_suite.hpp"
#include "support/test_env.hpp"

namespace products::testing {
namespace {

using namespace std::chrono_literals;

std::string certs_dir() { return fmt::format("{}/certs", PRODUCTS_SOURCE_DIR); }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The instance serves HTTPS and gRPC over TLS; it is ready once /readyz answers over HTTPS, which the
// client trusts through certs/ca.crt.
class TlsTest : public SharedServiceSuite<TlsTest> {
 public:
  static std::map<std::string, std::string> service_env() {
    // cert.sh keeps existing files; the lock stops test processes that ctest runs in parallel from
    // writing a CA and a server certificate that do not belong together.
    const auto command = fmt::format("flock {}/cert.lock bash {}/scripts/cert.sh >/dev/null", PRODUCTS_BINARY_DIR,
                                     PRODUCTS_SOURCE_DIR);
    if (std::system(command.c_str()) != 0) throw std::runtime_error("no certificates: " + command + " failed");
    const auto certs = certs_dir();
    return {
        {"HTTP_TLS_CERT_FILE", certs + "/server.crt"},
        {"HTTP_TLS_KEY_FILE", certs + "/server.key"},
        {"GRPC_TLS_CERT_FILE", certs + "/server.crt"},
        {"GRPC_TLS_KEY_FILE", certs + "/server.key"},
    };
  }

 protected:

  // A channel that trusts the local CA and checks the certificate's name.
  static std::shared_ptr<grpc::Channel> tls_channel() {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = read_text(certs_dir() + "/ca.crt");
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel(service_->grpc_target(), grpc::SslCredentials(options), arguments);
  }
};

TEST_F(TlsTest, RestRoundTripOverHttps) {
  const auto client = service_->http();
  const auto product = valid_product_json("Sent over HTTPS " + unique_search_word("tls"));
  const auto created = client.request("POST", "/api/v1/products", boost::json::serialize(product));
  ASSERT_EQ(created.status, 202) << created.error << created.body;
  const auto body = json_object(created.body);
  ASSERT_TRUE(body) << created.body;
  const auto id = string_member(*body, "productId");
  ASSERT_TRUE(is_object_id(id)) << created.body;

  const auto found = get_until_status(client, id, 200, 30s);
  ASSERT_EQ(found.status, 200) << found.error << found.body;
  const auto stored = json_object(found.body);
  ASSERT_TRUE(stored);
  EXPECT_EQ(string_member(*stored, "name"), string_member(product, "name"));
}

TEST_F(TlsTest, HttpsRefusesPlaintextAndUntrustedClients) {
  const auto plaintext = HttpClient("127.0.0.1", service_->http_port()).get("/readyz");
  EXPECT_NE(plaintext.status, 200) << plaintext.body;

  // A client that does not trust the local CA cannot complete the handshake.
  const std::string system_roots = "/etc/ssl/certs/ca-certificates.crt";
  if (!std::filesystem::exists(system_roots)) GTEST_SKIP() << "no " << system_roots;
  const auto untrusted = HttpClient("127.0.0.1", service_->http_port(), system_roots).get("/readyz");
  EXPECT_EQ(untrusted.status, 0);
  EXPECT_FALSE(untrusted.error.empty());
}

TEST_F(TlsTest, GrpcRoundTripOverTls) {
  const auto stub = productsService::ProductsService::NewStub(tls_channel());
  const auto request = valid_create_request("Sent over gRPC with TLS " + unique_search_word("tls"));
  productsService::CreateRes created;
  {
    grpc::ClientContext context;
    set_test_deadline(context);
    const auto status = stub->Create(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }
  ASSERT_TRUE(is_object_id(created.product().productid()));

  productsService::GetByIDReq get;
  get.set_productid(created.product().productid());
  productsService::GetByIDRes found;
  grpc::ClientContext context;
  set_test_deadline(context);
  const auto status = stub->GetByID(&context, get, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(found.product().DebugString(), created.product().DebugString());
}

TEST_F(TlsTest, PlaintextGrpcClientIsRefused) {
  const auto stub = productsService::ProductsService::NewStub(
      grpc::CreateChannel(service_->grpc_target(), grpc::InsecureChannelCredentials()));
  productsService::GetByIDReq get;
  get.set_productid("65a1b2c3d4e5f60718293a4d");
  productsService::GetByIDRes found;
  grpc::ClientContext context;
  set_test_deadline(context, 5s);
  const auto status = stub->GetByID(&context, get, &found);
  // NOT_FOUND would mean the call reached the service.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

}  // namespace
}  // namespace products::testing
