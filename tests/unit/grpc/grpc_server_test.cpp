#include "adapters/grpc/grpc_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include "domain/error.hpp"
#include "support/product_proto_fixtures.hpp"
#include "support/test_env.hpp"
#include "support/fakes/counting_cache_observer.hpp"
#include "support/fakes/fake_command_publisher.hpp"
#include "support/fakes/fake_idempotency_store.hpp"
#include "support/fakes/fake_product_cache.hpp"
#include "support/fakes/fake_product_repository.hpp"
#include "support/fakes/recording_span_processor.hpp"
#include "support/fakes/sample_product.hpp"
#include "unit/grpc/sample_requests.hpp"

namespace products::adapters::grpc {
namespace {

using namespace std::chrono_literals;
using domain::Deadline;
using domain::Error;
using Clock = std::chrono::steady_clock;

// find_by_id can be made to take time, as a slow MongoDB would, honouring the deadline it gets.
class SlowRepository : public testing::FakeProductRepository {
 public:
  std::optional<domain::Product> find_by_id(const domain::ObjectId& id, Deadline deadline) override {
    budget_ms = deadline.remaining().count();
    started = true;
    if (hang) {
      std::this_thread::sleep_until(deadline.at());
      throw Error::deadline_exceeded("mongo: operation exceeded time limit");
    }
    std::this_thread::sleep_for(delay);
    return FakeProductRepository::find_by_id(id, deadline);
  }

  bool hang = false;
  std::chrono::milliseconds delay{0};
  std::atomic<long long> budget_ms{-1};
  std::atomic<bool> started{false};
};

productsService::CreateReq valid_create(const std::string& name = "Espresso cup") {
  auto request = testing::valid_create();
  request.set_name(name);
  return request;
}

::grpc::ByteBuffer to_buffer(const std::string& bytes) {
  ::grpc::Slice slice(bytes);
  return ::grpc::ByteBuffer(&slice, 1);
}

std::string to_bytes(const ::grpc::ByteBuffer& buffer) {
  ::grpc::Slice slice;
  EXPECT_TRUE(buffer.DumpToSingleSlice(&slice).ok());
  return std::string(reinterpret_cast<const char*>(slice.begin()), slice.size());
}

// A length-delimited protobuf field of up to 127 bytes. The health and reflection protos are not
// installed with Debian's gRPC, so the tests speak their few bytes by hand.
std::string string_field(int number, const std::string& value) {
  return std::string(1, static_cast<char>(number << 3 | 2)) + static_cast<char>(value.size()) + value;
}

// Answers a bidirectional call with one request and collects what the server sends back.
class OneRequestStream : public ::grpc::ClientBidiReactor<::grpc::ByteBuffer, ::grpc::ByteBuffer> {
 public:
  OneRequestStream(::grpc::GenericStub& stub, const std::string& method, const std::string& request)
      : request_(to_buffer(request)) {
    context_.set_deadline(std::chrono::system_clock::now() + 5s);
    stub.PrepareBidiStreamingCall(&context_, method, {}, this);
    StartWriteLast(&request_, {});
    StartRead(&response_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    received_ += to_bytes(response_);
    StartRead(&response_);
  }
  void OnDone(const ::grpc::Status& status) override { done_.set_value(status); }

  ::grpc::Status wait() { return done_.get_future().get(); }
  const std::string& received() const { return received_; }

 private:
  ::grpc::ClientContext context_;
  ::grpc::ByteBuffer request_;
  ::grpc::ByteBuffer response_;
  std::string received_;
  std::promise<::grpc::Status> done_;
};

class GrpcServerTest : public ::testing::Test {
 protected:
  void start(GrpcConfig config = {}, std::size_t queue_capacity = 16) {
    config.address = "127.0.0.1:0";
    pool_.emplace(2, queue_capacity, "grpc-test");
    server_.emplace(config, service_, *pool_);
    server_->start();
    ASSERT_GT(server_->port(), 0);
    connect(::grpc::InsecureChannelCredentials());
  }

  void connect(const std::shared_ptr<::grpc::ChannelCredentials>& credentials) {
    channel_ = ::grpc::CreateChannel(fmt::format("127.0.0.1:{}", server_->port()), credentials);
    stub_ = productsService::ProductsService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->shutdown(Deadline::after(2s));
  }

  ::grpc::ClientContext& context(std::chrono::milliseconds timeout = 5s) {
    contexts_.emplace_back(std::make_unique<::grpc::ClientContext>());
    contexts_.back()->set_deadline(std::chrono::system_clock::now() + timeout);
    return *contexts_.back();
  }

  productsService::GetByIDReq get_request(const std::string& id) {
    productsService::GetByIDReq request;
    request.set_productid(id);
    return request;
  }

  // The health service's answer for `service`: 1 SERVING, 2 NOT_SERVING (grpc.health.v1).
  int health(const std::string& service, ::grpc::StatusCode expected = ::grpc::StatusCode::OK) {
    ::grpc::GenericStub generic(channel_);
    const auto request = to_buffer(service.empty() ? "" : string_field(1, service));
    ::grpc::ByteBuffer response;
    std::promise<::grpc::Status> done;
    generic.UnaryCall(&context(), "/grpc.health.v1.Health/Check", {}, &request, &response,
                      [&](::grpc::Status status) { done.set_value(std::move(status)); });
    const auto status = done.get_future().get();
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    if (!status.ok()) return -1;
    const auto bytes = to_bytes(response);
    return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : 0;
  }

  SlowRepository repository_;
  testing::FakeProductCache cache_;
  testing::FakeCommandPublisher publisher_;
  testing::CountingCacheObserver observer_;
  testing::FakeIdempotencyStore idempotency_;
  usecase::ProductService service_{repository_, cache_, publisher_, observer_, idempotency_};
  testing::RecordingSpanProcessor spans_;
  telemetry::Tracer tracer_{telemetry::Sampler(1.0), &spans_};
  std::optional<runtime::WorkPool> pool_;  // declared before the server, which it must outlive
  std::optional<GrpcServer> server_;
  std::shared_ptr<::grpc::Channel> channel_;
  std::unique_ptr<productsService::ProductsService::Stub> stub_;
  std::vector<std::unique_ptr<::grpc::ClientContext>> contexts_;
};

TEST_F(GrpcServerTest, EveryCallWorksOverTheWire) {
  start();
  productsService::CreateRes created;
  ASSERT_TRUE(stub_->Create(&context(), valid_create(), &created).ok());
  const auto id = created.product().productid();

  productsService::GetByIDRes got;
  ASSERT_TRUE(stub_->GetByID(&context(), get_request(id), &got).ok());
  EXPECT_EQ(got.product().name(), "Espresso cup");
  EXPECT_EQ(got.product().createdat().seconds(), created.product().createdat().seconds());

  auto update = testing::valid_update(id);
  update.set_name("Espresso cup, blue");
  productsService::UpdateRes updated;
  ASSERT_TRUE(stub_->Update(&context(), update, &updated).ok());
  EXPECT_EQ(updated.product().name(), "Espresso cup, blue");

  repository_.search_result.total_count = 1;
  repository_.search_result.products = {repository_.store.begin()->second.product};
  productsService::SearchReq search;
  search.set_search("blue");
  productsService::SearchRes found;
  ASSERT_TRUE(stub_->Search(&context(), search, &found).ok());
  EXPECT_EQ(found.totalcount(), 1);
  EXPECT_EQ(found.page(), 1);
  EXPECT_EQ(found.size(), 10);
  ASSERT_EQ(found.products_size(), 1);
  EXPECT_EQ(found.products(0).productid(), id);

  productsService::DeleteReq remove;
  remove.set_productid(id);
  productsService::DeleteRes removed;
  ASSERT_TRUE(stub_->Delete(&context(), remove, &removed).ok());
  EXPECT_EQ(stub_->GetByID(&context(), get_request(id), &got).error_code(), ::grpc::StatusCode::NOT_FOUND);
}

// OpenTelemetry's RPC server span, the child of the client's traceparent metadata; the use case
// runs inside it, so that its cache and store calls would join the trace.
TEST_F(GrpcServerTest, EachCallIsAServerSpanOfTheClientsTrace) {
  GrpcConfig config;
  config.tracer = &tracer_;
  start(config);

  auto& call = context();
  call.AddMetadata("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  productsService::GetByIDRes got;
  EXPECT_EQ(stub_->GetByID(&call, get_request("0123456789abcdef01234567"), &got).error_code(),
            ::grpc::StatusCode::NOT_FOUND);
  productsService::CreateRes created;
  ASSERT_TRUE(stub_->Create(&context(), valid_create(), &created).ok());

  const auto get = spans_.find("productsService.ProductsService/GetByID");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->kind, telemetry::SpanKind::Server);
  EXPECT_EQ(get->context.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(telemetry::SpanContext::hex(get->parent_span_id), "00f067aa0ba902b7");
  EXPECT_EQ(testing::attribute_of(*get, "rpc.system"), telemetry::AttributeValue(std::string("grpc")));
  EXPECT_EQ(testing::attribute_of(*get, "rpc.service"),
            telemetry::AttributeValue(std::string("productsService.ProductsService")));
  EXPECT_EQ(testing::attribute_of(*get, "rpc.method"), telemetry::AttributeValue(std::string("GetByID")));
  EXPECT_EQ(testing::attribute_of(*get, "rpc.grpc.status_code"), telemetry::AttributeValue(std::int64_t{5}));
  EXPECT_EQ(get->status, telemetry::SpanStatus::Error);

  const auto create = spans_.find("productsService.ProductsService/Create");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->parent_span_id, telemetry::SpanId{}) << "no traceparent: a new trace";
  EXPECT_EQ(testing::attribute_of(*create, "rpc.grpc.status_code"), telemetry::AttributeValue(std::int64_t{0}));
  EXPECT_EQ(create->status, telemetry::SpanStatus::Unset);
}

TEST_F(GrpcServerTest, InvalidInputIsInvalidArgumentNamingTheField) {
  start();
  productsService::CreateRes created;
  const auto status = stub_->Create(&context(), valid_create("ab"), &created);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "invalid input: name must be 3-250 characters long, got 2");

  productsService::GetByIDRes got;
  const auto bad_id = stub_->GetByID(&context(), get_request("nope"), &got);
  EXPECT_EQ(bad_id.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad_id.error_message(), "invalid input: productId must be a 24-character hex ObjectId");

  productsService::SearchReq search;
  search.set_size(101);
  productsService::SearchRes found;
  EXPECT_EQ(stub_->Search(&context(), search, &found).error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
}

// protobuf refuses such a request before any handler sees it; gRPC alone would answer a bare
// UNIMPLEMENTED, which tells the client nothing and looks like a missing method.
TEST_F(GrpcServerTest, StringThatIsNotUtf8IsInvalidArgumentNamingTheField) {
  start();
  const auto call = [this](const std::string& method, const std::string& wire) {
    ::grpc::GenericStub generic(channel_);
    const auto request = to_buffer(wire);
    ::grpc::ByteBuffer response;
    std::promise<::grpc::Status> done;
    generic.UnaryCall(&context(), "/productsService.ProductsService/" + method, {}, &request, &response,
                      [&](::grpc::Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  };
  const auto create = call("Create", testing::with_invalid_utf8(valid_create(), "Espresso cup"));
  EXPECT_EQ(create.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(create.error_message(), "invalid input: name must be valid UTF-8");

  const auto update =
      call("Update", testing::with_invalid_utf8(testing::valid_update("65a1b2c3d4e5f60718293a4b"), "cup-1.png"));
  EXPECT_EQ(update.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(update.error_message(), "invalid input: photos[0] must be valid UTF-8");

  const auto get = call("GetByID", testing::with_invalid_utf8(get_request("65a1b2c3d4e5f60718293a4b"), "3a4b"));
  EXPECT_EQ(get.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(get.error_message(), "invalid input: productId must be valid UTF-8");
  EXPECT_TRUE(repository_.calls.empty());
  EXPECT_TRUE(publisher_.published.empty());
}

TEST_F(GrpcServerTest, UnknownProductIsNotFound) {
  start();
  productsService::DeleteReq remove;
  remove.set_productid("0123456789abcdef01234567");
  productsService::DeleteRes removed;
  EXPECT_EQ(stub_->Delete(&context(), remove, &removed).error_code(), ::grpc::StatusCode::NOT_FOUND);
}

TEST_F(GrpcServerTest, StoreDownIsUnavailable) {
  start();
  repository_.fail_with = Error::unavailable("mongo: no suitable servers");
  productsService::CreateRes created;
  const auto status = stub_->Create(&context(), valid_create(), &created);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message().find("mongo"), std::string::npos);
}

TEST_F(GrpcServerTest, BugIsInternalWithoutItsDetails) {
  start();
  repository_.fail_with = Error::internal("unexpected BSON type in field price");
  productsService::GetByIDRes got;
  const auto status = stub_->GetByID(&context(), get_request("65a1b2c3d4e5f60718293a4b"), &got);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
}

TEST_F(GrpcServerTest, ClientDeadlineReachesTheUseCase) {
  start();
  repository_.hang = true;
  productsService::GetByIDRes got;
  const auto began = Clock::now();
  const auto status = stub_->GetByID(&context(200ms), get_request("65a1b2c3d4e5f60718293a4b"), &got);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(Clock::now() - began, 2s);
  EXPECT_GE(repository_.budget_ms, 0);
  EXPECT_LE(repository_.budget_ms, 200);
}

TEST_F(GrpcServerTest, CallWithoutDeadlineGetsTheConfiguredMaximum) {
  GrpcConfig config;
  config.max_deadline = 300ms;
  start(config);
  repository_.hang = true;
  ::grpc::ClientContext no_deadline;
  productsService::GetByIDRes got;
  const auto began = Clock::now();
  const auto status = stub_->GetByID(&no_deadline, get_request("65a1b2c3d4e5f60718293a4b"), &got);
  const auto took = Clock::now() - began;
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(status.error_message(), "deadline exceeded");
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2s);
  EXPECT_GT(repository_.budget_ms, 250);
  EXPECT_LE(repository_.budget_ms, 300);
}

TEST_F(GrpcServerTest, FullWorkQueueIsUnavailableServerBusy) {
  start({}, 0);
  productsService::CreateRes created;
  const auto status = stub_->Create(&context(), valid_create(), &created);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "server busy");
  EXPECT_TRUE(repository_.calls.empty());
}

TEST_F(GrpcServerTest, MessagesOverFourMebibytesAreRefused) {
  start();
  productsService::CreateRes created;
  const auto status = stub_->Create(&context(), valid_create(std::string(4 * 1024 * 1024 + 1, 'x')), &created);
  EXPECT_EQ(status.error_code(), ::grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(GrpcServerTest, HealthServiceFollowsTheServingStatus) {
  start();
  EXPECT_EQ(health(""), 1);
  EXPECT_EQ(health("productsService.ProductsService"), 1);
  health("no.such.Service", ::grpc::StatusCode::NOT_FOUND);
  server_->set_serving(false);
  EXPECT_EQ(health(""), 2);
  EXPECT_EQ(health("productsService.ProductsService"), 2);
}

TEST_F(GrpcServerTest, ReflectionListsTheServices) {
  start();
  ::grpc::GenericStub generic(channel_);
  OneRequestStream call(generic, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                        string_field(7, ""));  // list_services
  const auto status = call.wait();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(call.received().find("productsService.ProductsService"), std::string::npos);
  EXPECT_NE(call.received().find("grpc.health.v1.Health"), std::string::npos);
}

TEST_F(GrpcServerTest, ShutdownLetsCallsInFlightFinish) {
  start();
  const auto stored = testing::sample_product();
  repository_.seed(stored);
  repository_.delay = 300ms;
  productsService::GetByIDRes got;
  const auto request = get_request(stored.id.hex());
  std::promise<::grpc::Status> done;
  stub_->async()->GetByID(&context(), &request, &got, [&](::grpc::Status status) { done.set_value(status); });
  ASSERT_TRUE(testing::wait_until([&] { return repository_.started.load(); }, 2s, 5ms));
  server_->shutdown(Deadline::after(2s));
  const auto status = done.get_future().get();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.product().productid(), stored.id.hex());
}

TEST_F(GrpcServerTest, ServesTlsWithTheConfiguredCertificate) {
  const auto dir = std::filesystem::temp_directory_path() / testing::unique_name("grpc-tls");
  std::filesystem::create_directories(dir);
  const auto cert = (dir / "cert.pem").string();
  const auto key = (dir / "key.pem").string();
  const auto openssl = fmt::format(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout {} -out {} 2>/dev/null",
      key, cert);
  ASSERT_EQ(std::system(openssl.c_str()), 0) << "openssl could not make a test certificate";

  GrpcConfig config;
  config.cert_file = cert;
  config.key_file = key;
  start(config);
  std::ifstream cert_in(cert);
  ::grpc::SslCredentialsOptions trust;
  trust.pem_root_certs.assign(std::istreambuf_iterator<char>(cert_in), {});
  connect(::grpc::SslCredentials(trust));
  productsService::CreateRes created;
  const auto status = stub_->Create(&context(), valid_create(), &created);
  EXPECT_TRUE(status.ok()) << status.error_message();

  connect(::grpc::InsecureChannelCredentials());
  EXPECT_EQ(stub_->Create(&context(1s), valid_create(), &created).error_code(), ::grpc::StatusCode::UNAVAILABLE);
  std::filesystem::remove_all(dir);
}

TEST_F(GrpcServerTest, UnreadableCertificateStopsStartNamingTheFile) {
  GrpcConfig config;
  config.address = "127.0.0.1:0";
  config.cert_file = "/nonexistent/cert.pem";
  config.key_file = "/nonexistent/key.pem";
  runtime::WorkPool pool(1, 1);
  GrpcServer server(config, service_, pool);
  try {
    server.start();
    FAIL() << "expected start to fail";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/"), std::string::npos) << error.what();
  }
}

TEST_F(GrpcServerTest, AddressInUseStopsStart) {
  start();
  GrpcConfig config;
  config.address = fmt::format("127.0.0.1:{}", server_->port());
  runtime::WorkPool pool(1, 1);
  GrpcServer second(config, service_, pool);
  EXPECT_THROW(second.start(), std::runtime_error);
}

}  // namespace
}  // namespace products::adapters::grpc
