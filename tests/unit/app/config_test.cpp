#include "app/config.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/config_error.hpp"
#include "support/test_env.hpp"

namespace products::app {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;

const std::string kShippedPath = std::string(PRODUCTS_SOURCE_DIR) + "/config/config.yaml";

std::string shipped_yaml() {
  std::ifstream in(kShippedPath);
  EXPECT_TRUE(in) << "cannot read " << kShippedPath;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The environment as a map, so that tests never depend on (or change) the real one.
Config::Environment env_of(const std::map<std::string, std::string>& vars) {
  return [vars](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

const Config::Environment kNoEnv = [](const char*) -> const char* { return nullptr; };

// The shipped file with one line replaced (or removed, when `with` is empty).
std::string shipped_with(const std::string& line, const std::string& with) {
  auto yaml = shipped_yaml();
  const auto at = yaml.find(line);
  EXPECT_NE(at, std::string::npos) << "config.yaml has no line '" << line << "'";
  if (at == std::string::npos) return yaml;
  auto end = yaml.find('\n', at);
  if (end == std::string::npos) end = yaml.size();
  yaml.replace(at, end - at, with);
  return yaml;
}

// The message of the ConfigError that loading raises, or a test failure when nothing is raised.
std::string error_of(const std::string& yaml, const std::map<std::string, std::string>& vars = {}) {
  try {
    Config::load_text(yaml, env_of(vars));
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "the configuration was accepted";
  return {};
}

TEST(ConfigTest, ShippedFileLoadsWithTheDocumentedValues) {
  const auto c = Config::load_text(shipped_yaml(), kNoEnv);

  EXPECT_EQ(c.service.name, "products-service");
  EXPECT_EQ(c.service.shutdown_timeout, 15000ms);

  EXPECT_EQ(c.http.host, "0.0.0.0");
  EXPECT_EQ(c.http.port, 5007);
  EXPECT_EQ(c.http.io_threads, 2);
  EXPECT_EQ(c.http.max_connections, 10000);
  EXPECT_EQ(c.http.body_limit_bytes, 2 * 1024 * 1024);
  EXPECT_EQ(c.http.read_timeout, 30000ms);
  EXPECT_EQ(c.http.request_timeout, 15000ms);
  EXPECT_EQ(c.http.tls_cert_file, "");
  EXPECT_TRUE(c.http.cors_allowed_origins.empty());
  EXPECT_EQ(c.http.swagger_ui_dir, ".local/swagger-ui");
  EXPECT_EQ(c.http.tls_key_file, "");

  EXPECT_EQ(c.grpc.host, "0.0.0.0");
  EXPECT_EQ(c.grpc.port, 5555);
  EXPECT_EQ(c.grpc.request_timeout, 15000ms);
  EXPECT_EQ(c.grpc.tls_cert_file, "");
  EXPECT_EQ(c.grpc.tls_key_file, "");

  EXPECT_EQ(c.metrics.host, "0.0.0.0");
  EXPECT_EQ(c.metrics.port, 7070);

  EXPECT_EQ(c.workers.threads, 8);
  EXPECT_EQ(c.workers.queue_capacity, 1024);

  EXPECT_EQ(c.kafka.brokers, "127.0.0.1:9092");
  EXPECT_EQ(c.kafka.group_id, "products_group");
  EXPECT_EQ(c.kafka.compression, "lz4");
  EXPECT_EQ(c.kafka.linger_ms, 5);
  EXPECT_EQ(c.kafka.create_topic, "create-product");
  EXPECT_EQ(c.kafka.update_topic, "update-product");
  EXPECT_EQ(c.kafka.delete_topic, "delete-product");
  EXPECT_EQ(c.kafka.dead_letter_topic, "dead-letter-queue");
  EXPECT_EQ(c.kafka.consumer_workers, 4);
  EXPECT_EQ(c.kafka.consumer_batch_max, 256);
  EXPECT_EQ(c.kafka.max_attempts, 3);
  EXPECT_EQ(c.kafka.retry_backoff_max, 5000ms);
  EXPECT_EQ(c.kafka.retry_timeout_max, 60000ms);
  EXPECT_EQ(c.kafka.session_timeout, 45000ms);
  EXPECT_EQ(c.kafka.commit_interval, 1000ms);

  EXPECT_EQ(c.mongo.uri, "mongodb://127.0.0.1:27017");
  EXPECT_EQ(c.mongo.database, "products");
  EXPECT_EQ(c.mongo.collection, "products");
  EXPECT_EQ(c.mongo.idempotency_collection, "idempotency_keys");
  EXPECT_EQ(c.mongo.write_concern, "1");
  EXPECT_EQ(c.mongo.timeout, 5000ms);
  EXPECT_EQ(c.mongo.pool_size, 16);

  EXPECT_EQ(c.redis.host, "127.0.0.1");
  EXPECT_EQ(c.redis.port, 6379);
  EXPECT_EQ(c.redis.password, "");
  EXPECT_EQ(c.redis.db, 0);
  EXPECT_EQ(c.redis.pool_size, 16);
  EXPECT_EQ(c.redis.ttl, 3600s);
  EXPECT_EQ(c.redis.key_prefix, "products:");

  EXPECT_EQ(c.idempotency.retention, 86400s);

  EXPECT_EQ(c.logging.level, "info");

  EXPECT_EQ(c.tracing.endpoint, "");
  EXPECT_EQ(c.tracing.sample_ratio, 1.0);
  EXPECT_EQ(c.tracing.queue_size, 8192);
}

TEST(ConfigTest, LoadFileReadsTheShippedFile) {
  const auto c = Config::load_file(kShippedPath, kNoEnv);
  EXPECT_EQ(c.http.port, 5007);
  EXPECT_EQ(c.grpc.port, 5555);
  EXPECT_EQ(c.metrics.port, 7070);
}

TEST(ConfigTest, EnvironmentOverridesTheFile) {
  const auto c = Config::load_text(shipped_yaml(), env_of({
                                                       {"HTTP_PORT", "8080"},
                                                       {"KAFKA_BROKERS", "k1:9092,k2:9092,k3:9092"},
                                                       {"MONGO_URI", "mongodb://db:27017/?replicaSet=rs0"},
                                                       {"REDIS_ADDR", "cache.internal:6380"},
                                                       {"LOGGING_LEVEL", "debug"},
                                                   }));
  EXPECT_EQ(c.http.port, 8080);
  EXPECT_EQ(c.kafka.brokers, "k1:9092,k2:9092,k3:9092");
  EXPECT_EQ(c.mongo.uri, "mongodb://db:27017/?replicaSet=rs0");
  EXPECT_EQ(c.redis.host, "cache.internal");
  EXPECT_EQ(c.redis.port, 6380);
  EXPECT_EQ(c.logging.level, "debug");
  // Keys without a variable keep the file's value.
  EXPECT_EQ(c.grpc.port, 5555);
  EXPECT_EQ(c.kafka.compression, "lz4");
}

TEST(ConfigTest, EveryKindOfKeyCanBeOverridden) {
  const auto c = Config::load_text(shipped_yaml(), env_of({
                                                       {"SERVICE_NAME", "products-eu"},
                                                       {"SERVICE_SHUTDOWN_TIMEOUT_MS", "2000"},
                                                       {"HTTP_BODY_LIMIT_BYTES", "4096"},
                                                       {"KAFKA_COMPRESSION", "zstd"},
                                                       {"MONGO_WRITE_CONCERN", "majority"},
                                                       {"KAFKA_CONSUMER_BATCH_MAX", "64"},
                                                       {"KAFKA_RETRY_TIMEOUT_MAX_MS", "30000"},
                                                       {"REDIS_TTL_SECONDS", "60"},
                                                       {"REDIS_PASSWORD", "s3cret"},
                                                       {"GRPC_TLS_CERT_FILE", "/certs/server.crt"},
                                                       {"GRPC_TLS_KEY_FILE", "/certs/server.key"},
                                                       {"TRACING_ENDPOINT", "http://127.0.0.1:4318"},
                                                       {"TRACING_SAMPLE_RATIO", "0.25"},
                                                       {"TRACING_QUEUE_SIZE", "100"},
                                                   }));
  EXPECT_EQ(c.service.name, "products-eu");
  EXPECT_EQ(c.service.shutdown_timeout, 2000ms);
  EXPECT_EQ(c.http.body_limit_bytes, 4096);
  EXPECT_EQ(c.kafka.compression, "zstd");
  EXPECT_EQ(c.mongo.write_concern, "majority");
  EXPECT_EQ(c.kafka.consumer_batch_max, 64);
  EXPECT_EQ(c.kafka.retry_timeout_max, 30000ms);
  EXPECT_EQ(c.redis.ttl, 60s);
  EXPECT_EQ(c.redis.password, "s3cret");
  EXPECT_EQ(c.grpc.tls_cert_file, "/certs/server.crt");
  EXPECT_EQ(c.grpc.tls_key_file, "/certs/server.key");
  EXPECT_EQ(c.tracing.endpoint, "http://127.0.0.1:4318");
  EXPECT_EQ(c.tracing.sample_ratio, 0.25);
  EXPECT_EQ(c.tracing.queue_size, 100);
}

TEST(ConfigTest, EnvironmentSuppliesAKeyTheFileLacks) {
  const auto c = Config::load_text(shipped_with("  port: 5007", ""), env_of({{"HTTP_PORT", "9000"}}));
  EXPECT_EQ(c.http.port, 9000);
}

TEST(ConfigTest, AcceptsTheOtherChoices) {
  for (const auto* compression : {"snappy", "none"}) {
    EXPECT_EQ(Config::load_text(shipped_yaml(), env_of({{"KAFKA_COMPRESSION", compression}})).kafka.compression,
              compression);
  }
  EXPECT_EQ(Config::load_text(shipped_yaml(), env_of({{"MONGO_URI", "mongodb+srv://cluster.example.net"}}))
                .mongo.uri,
            "mongodb+srv://cluster.example.net");
  // Port 0 asks the OS for a free port, which tests of the whole service rely on.
  EXPECT_EQ(Config::load_text(shipped_yaml(), env_of({{"HTTP_PORT", "0"}})).http.port, 0);
  EXPECT_EQ(Config::load_text(shipped_yaml(), env_of({{"HTTP_PORT", "65535"}})).http.port, 65535);
}

TEST(ConfigTest, CorsOriginsAreACommaSeparatedList) {
  const auto c = Config::load_text(
      shipped_yaml(), env_of({{"HTTP_CORS_ALLOWED_ORIGINS", " https://shop.example:8443, http://localhost:3000 ,"}}));
  EXPECT_EQ(c.http.cors_allowed_origins,
            (std::vector<std::string>{"https://shop.example:8443", "http://localhost:3000"}));
  EXPECT_EQ(Config::load_text(shipped_yaml(), env_of({{"HTTP_CORS_ALLOWED_ORIGINS", "*"}})).http.cors_allowed_origins,
            std::vector<std::string>{"*"});
  const auto from_file = Config::load_text(
      shipped_with("  cors_allowed_origins: \"\"", "  cors_allowed_origins: https://a.example"), kNoEnv);
  EXPECT_EQ(from_file.http.cors_allowed_origins, std::vector<std::string>{"https://a.example"});
}

TEST(ConfigTest, TlsPairsLoadWhenBothAreSet) {
  const auto c = Config::load_text(shipped_yaml(), env_of({{"HTTP_TLS_CERT_FILE", "certs/server.crt"},
                                                           {"HTTP_TLS_KEY_FILE", "certs/server.key"}}));
  EXPECT_EQ(c.http.tls_cert_file, "certs/server.crt");
  EXPECT_EQ(c.http.tls_key_file, "certs/server.key");
}

// One bad value each; the operator must learn the key, where it came from and what is expected.
struct BadValueCase {
  std::string label;
  std::map<std::string, std::string> env;
  std::string line;  // a line of the shipped file to replace...
  std::string with;  // ...with this (empty `line`: the file is used as shipped)
  std::vector<std::string> expected;  // pieces the message must contain
};

std::ostream& operator<<(std::ostream& os, const BadValueCase& c) { return os << c.label; }

class ConfigBadValueTest : public ::testing::TestWithParam<BadValueCase> {};

TEST_P(ConfigBadValueTest, MessageNamesTheKeyAndTheSource) {
  const auto& c = GetParam();
  const auto yaml = c.line.empty() ? shipped_yaml() : shipped_with(c.line, c.with);
  const auto message = error_of(yaml, c.env);
  for (const auto& piece : c.expected) EXPECT_THAT(message, HasSubstr(piece));
}

INSTANTIATE_TEST_SUITE_P(
    Config, ConfigBadValueTest,
    ::testing::Values(
        BadValueCase{"HttpPortNotANumber", {{"HTTP_PORT", "abc"}}, "", "", {"http.port", "HTTP_PORT", "'abc'"}},
        BadValueCase{"HttpPortTooLarge", {{"HTTP_PORT", "70000"}}, "", "", {"http.port", "HTTP_PORT", "65535"}},
        BadValueCase{"HttpPortNegative", {{"HTTP_PORT", "-1"}}, "", "", {"http.port", "HTTP_PORT"}},
        BadValueCase{"HttpPortEmpty", {{"HTTP_PORT", ""}}, "", "", {"http.port", "HTTP_PORT"}},
        BadValueCase{"HttpPortTrailingText", {{"HTTP_PORT", "5007x"}}, "", "", {"http.port", "HTTP_PORT"}},
        BadValueCase{"HttpPortFraction", {{"HTTP_PORT", "5007.5"}}, "", "", {"http.port", "HTTP_PORT"}},
        BadValueCase{"HttpPortTooLargeInFile", {}, "  port: 5007", "  port: 70000", {"http.port", "the file", "70000"}},
        BadValueCase{"GrpcPortNotANumber", {}, "  port: 5555", "  port: five", {"grpc.port", "the file"}},
        BadValueCase{"WorkersZero", {{"WORKERS_THREADS", "0"}}, "", "", {"workers.threads", "WORKERS_THREADS"}},
        BadValueCase{"SessionTimeoutBelowTheBrokerMinimum", {{"KAFKA_SESSION_TIMEOUT_MS", "1000"}}, "", "",
                     {"kafka.session_timeout_ms", "KAFKA_SESSION_TIMEOUT_MS", "6000"}},
        BadValueCase{"CommitIntervalBelowTenMilliseconds", {{"KAFKA_COMMIT_INTERVAL_MS", "5"}}, "", "",
                     {"kafka.commit_interval_ms", "KAFKA_COMMIT_INTERVAL_MS", "10"}},
        BadValueCase{"ConsumerBatchMaxZero", {{"KAFKA_CONSUMER_BATCH_MAX", "0"}}, "", "",
                     {"kafka.consumer_batch_max", "KAFKA_CONSUMER_BATCH_MAX", "1 to 4096"}},
        BadValueCase{"ConsumerBatchMaxTooLargeInFile", {}, "  consumer_batch_max: 256", "  consumer_batch_max: 5000",
                     {"kafka.consumer_batch_max", "the file", "4096"}},
        BadValueCase{"RetryTimeoutMaxBelowTheMongoTimeout", {{"KAFKA_RETRY_TIMEOUT_MAX_MS", "1000"}}, "", "",
                     {"kafka.retry_timeout_max_ms", "mongo.timeout_ms"}},
        BadValueCase{"RedisDbSixteen", {{"REDIS_DB", "16"}}, "", "", {"redis.db", "REDIS_DB", "0 to 15"}},
        BadValueCase{"BodyLimitTooSmall", {{"HTTP_BODY_LIMIT_BYTES", "10"}}, "", "",
                     {"http.body_limit_bytes", "HTTP_BODY_LIMIT_BYTES"}},
        BadValueCase{"DurationNotANumber", {{"MONGO_TIMEOUT_MS", "5s"}}, "", "", {"mongo.timeout_ms", "MONGO_TIMEOUT_MS"}},
        BadValueCase{"EmptyText", {{"KAFKA_BROKERS", ""}}, "", "", {"kafka.brokers", "KAFKA_BROKERS", "empty"}},
        BadValueCase{"EmptyTextInFile", {}, "  group_id: products_group", "  group_id: \"\"",
                     {"kafka.group_id", "the file", "empty"}},
        BadValueCase{"CompressionGzip", {{"KAFKA_COMPRESSION", "gzip"}}, "", "",
                     {"kafka.compression", "KAFKA_COMPRESSION", "lz4, snappy, zstd, none", "'gzip'"}},
        BadValueCase{"CompressionGzipInFile", {}, "  compression: lz4", "  compression: gzip",
                     {"kafka.compression", "the file", "lz4, snappy, zstd, none"}},
        BadValueCase{"LoggingLevelVerbose", {{"LOGGING_LEVEL", "verbose"}}, "", "",
                     {"logging.level", "LOGGING_LEVEL", "trace, debug, info, warn, error"}},
        BadValueCase{"RedisAddrWithoutPort", {{"REDIS_ADDR", "localhost"}}, "", "",
                     {"redis.addr", "REDIS_ADDR", "host:port", "'localhost'"}},
        BadValueCase{"RedisAddrEmptyPort", {{"REDIS_ADDR", "localhost:"}}, "", "", {"redis.addr", "REDIS_ADDR"}},
        BadValueCase{"RedisAddrWithoutHost", {{"REDIS_ADDR", ":6379"}}, "", "", {"redis.addr", "REDIS_ADDR"}},
        BadValueCase{"RedisAddrPortZero", {{"REDIS_ADDR", "localhost:0"}}, "", "", {"redis.addr", "REDIS_ADDR"}},
        BadValueCase{"RedisAddrPortTooLarge", {{"REDIS_ADDR", "localhost:65536"}}, "", "", {"redis.addr", "REDIS_ADDR"}},
        BadValueCase{"RedisAddrWithoutPortInFile", {}, "  addr: 127.0.0.1:6379", "  addr: 127.0.0.1",
                     {"redis.addr", "the file"}},
        BadValueCase{"MongoUriWrongScheme", {{"MONGO_URI", "http://127.0.0.1:27017"}}, "", "",
                     {"mongo.uri", "MONGO_URI", "mongodb://"}},
        BadValueCase{"MongoUriWrongSchemeInFile", {}, "  uri: mongodb://127.0.0.1:27017", "  uri: 127.0.0.1:27017",
                     {"mongo.uri", "the file", "mongodb://"}},
        BadValueCase{"WriteConcernWord", {{"MONGO_WRITE_CONCERN", "all"}}, "", "",
                     {"mongo.write_concern", "MONGO_WRITE_CONCERN", "majority", "'all'"}},
        BadValueCase{"WriteConcernInFile", {}, "  write_concern: \"1\"", "  write_concern: \"-1\"",
                     {"mongo.write_concern", "the file"}},
        BadValueCase{"MissingKey", {}, "  port: 5007", "", {"http.port", "missing", "HTTP_PORT"}},
        BadValueCase{"MissingSection", {}, "logging:", "", {"logging.level", "missing", "LOGGING_LEVEL"}},
        BadValueCase{"NullValue", {}, "  brokers: 127.0.0.1:9092", "  brokers:", {"kafka.brokers", "missing"}},
        BadValueCase{"ListValue", {}, "  brokers: 127.0.0.1:9092", "  brokers: [a:1, b:2]",
                     {"kafka.brokers", "single value", "the file"}},
        BadValueCase{"UnknownKeyInSection", {}, "  port: 5007", "  port: 5007\n  prot: 5008",
                     {"http.prot", "unknown key"}},
        BadValueCase{"UnknownSection", {}, "logging:", "loging:\n  level: info\nlogging:", {"loging.level", "unknown key"}},
        BadValueCase{"UnknownTopLevelScalar", {}, "logging:", "debug: true\nlogging:", {"debug", "unknown key"}},
        BadValueCase{"CorsOriginWithAPath", {{"HTTP_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example/app"}},
                     "", "", {"http.cors_allowed_origins", "HTTP_CORS_ALLOWED_ORIGINS", "'https://b.example/app'"}},
        BadValueCase{"CorsOriginWithoutScheme", {}, "  cors_allowed_origins: \"\"", "  cors_allowed_origins: shop.example",
                     {"http.cors_allowed_origins", "the file", "'shop.example'"}},
        BadValueCase{"CorsOriginWildcardSubdomain", {{"HTTP_CORS_ALLOWED_ORIGINS", "https://*.example"}}, "", "",
                     {"http.cors_allowed_origins", "HTTP_CORS_ALLOWED_ORIGINS"}},
        BadValueCase{"HttpCertWithoutKey", {{"HTTP_TLS_CERT_FILE", "certs/server.crt"}}, "", "",
                     {"http.tls_cert_file", "http.tls_key_file"}},
        BadValueCase{"HttpKeyWithoutCert", {{"HTTP_TLS_KEY_FILE", "certs/server.key"}}, "", "",
                     {"http.tls_cert_file", "http.tls_key_file"}},
        BadValueCase{"GrpcCertWithoutKey", {}, "  tls_cert_file: \"\"", "  tls_cert_file: certs/server.crt",
                     {"tls_cert_file", "tls_key_file"}},
        BadValueCase{"TracingEndpointWithoutScheme", {{"TRACING_ENDPOINT", "127.0.0.1:4318"}}, "", "",
                     {"tracing.endpoint", "TRACING_ENDPOINT", "http://", "'127.0.0.1:4318'"}},
        BadValueCase{"TracingEndpointHttps", {}, "  endpoint: \"\"", "  endpoint: https://collector:4318",
                     {"tracing.endpoint", "the file", "OTLP/HTTP"}},
        BadValueCase{"SampleRatioAboveOne", {{"TRACING_SAMPLE_RATIO", "1.5"}}, "", "",
                     {"tracing.sample_ratio", "TRACING_SAMPLE_RATIO", "0 to 1", "'1.5'"}},
        BadValueCase{"SampleRatioPercent", {{"TRACING_SAMPLE_RATIO", "50%"}}, "", "",
                     {"tracing.sample_ratio", "TRACING_SAMPLE_RATIO", "0 to 1"}},
        BadValueCase{"SampleRatioNotANumber", {}, "  sample_ratio: 1.0", "  sample_ratio: all",
                     {"tracing.sample_ratio", "the file"}},
        BadValueCase{"TracingQueueZero", {{"TRACING_QUEUE_SIZE", "0"}}, "", "",
                     {"tracing.queue_size", "TRACING_QUEUE_SIZE"}},
        BadValueCase{"IdempotencyRetentionZero", {{"IDEMPOTENCY_RETENTION_SECONDS", "0"}}, "", "",
                     {"idempotency.retention_seconds", "IDEMPOTENCY_RETENTION_SECONDS"}}),
    [](const auto& info) { return info.param.label; });

// Keys are checked against the file only after all known keys were read, so a misspelt key that
// replaces a required one is reported as the required one missing; that still names what to fix.
TEST(ConfigTest, TypoInPlaceOfAKeyNamesTheKeyThatIsMissingAndTheTypo) {
  EXPECT_THAT(error_of(shipped_with("  port: 5007", "  prot: 5007")),
              AllOf(HasSubstr("http.port is missing"), HasSubstr("HTTP_PORT"), HasSubstr("the file has 'http.prot'")));
}

TEST(ConfigTest, MissingKeyWithoutAStrayKeyInItsSectionNamesNoOther) {
  const auto message = error_of(shipped_with("  port: 5007", "") + "\nextra:\n  key: 1\n");
  EXPECT_THAT(message, HasSubstr("http.port is missing"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("extra.key")));
}

TEST(ConfigTest, UnknownKeyIsReportedWhenNothingIsMissing) {
  EXPECT_THAT(error_of(shipped_yaml() + "\nextra:\n  key: 1\n"), HasSubstr("unknown key 'extra.key'"));
}

TEST(ConfigTest, TypoOfAnOptionalLookingKeyIsNamed) {
  EXPECT_THAT(error_of(shipped_with("  password: \"\"", "  password: \"\"\n  pasword: hunter2")),
              AllOf(HasSubstr("redis.pasword"), HasSubstr("unknown key")));
}

// Found by tests/fuzz/config_loader: YAML lets a key be a sequence, a mapping or null, and such a
// key threw yaml-cpp's bad conversion, which main does not report as a config error.
TEST(ConfigTest, KeyThatIsNotAScalarIsAnUnknownKey) {
  EXPECT_THAT(error_of(shipped_yaml() + "\n? [a, b]\n: 1\n"), HasSubstr("unknown key '[a, b]'"));
  EXPECT_THAT(error_of(shipped_yaml() + "\nextra:\n  ? {x: 1}\n  : 2\n"), HasSubstr("unknown key 'extra.{x: 1}'"));
  EXPECT_THAT(error_of(shipped_yaml() + "\n? :\n"), HasSubstr("unknown key"));
}

TEST(ConfigTest, InvalidYamlIsReported) {
  EXPECT_THAT(error_of("http: [unclosed\nport: 1"), HasSubstr("not valid YAML"));
  EXPECT_THAT(error_of("http:\n  port: 5007\n   host: x\n"), HasSubstr("not valid YAML"));
}

TEST(ConfigTest, EmptyFileNamesTheFirstMissingKey) {
  EXPECT_THAT(error_of(""), AllOf(HasSubstr("service.name"), HasSubstr("missing"), HasSubstr("SERVICE_NAME")));
}

TEST(ConfigTest, FileThatIsNotAMappingIsMissingEverything) {
  EXPECT_THAT(error_of("just a string"), HasSubstr("missing"));
  EXPECT_THAT(error_of("- a\n- b\n"), HasSubstr("missing"));
}

TEST(ConfigTest, EnvironmentAloneCanConfigureEverything) {
  // Containers are often configured by variables only; an empty file must then be fine.
  const auto file = Config::load_text(shipped_yaml(), kNoEnv);
  std::map<std::string, std::string> vars{
      {"SERVICE_NAME", "env-only"}, {"SERVICE_SHUTDOWN_TIMEOUT_MS", "1000"},
      {"HTTP_HOST", "127.0.0.1"}, {"HTTP_PORT", "1"}, {"HTTP_IO_THREADS", "1"}, {"HTTP_MAX_CONNECTIONS", "1"},
      {"HTTP_BODY_LIMIT_BYTES", "1024"}, {"HTTP_READ_TIMEOUT_MS", "100"}, {"HTTP_REQUEST_TIMEOUT_MS", "10"},
      {"HTTP_TLS_CERT_FILE", ""}, {"HTTP_TLS_KEY_FILE", ""}, {"HTTP_CORS_ALLOWED_ORIGINS", "*"},
      {"HTTP_SWAGGER_UI_DIR", "/app/swagger-ui"},
      {"GRPC_HOST", "127.0.0.1"}, {"GRPC_PORT", "2"}, {"GRPC_REQUEST_TIMEOUT_MS", "10"},
      {"GRPC_TLS_CERT_FILE", ""}, {"GRPC_TLS_KEY_FILE", ""},
      {"METRICS_HOST", "127.0.0.1"}, {"METRICS_PORT", "3"},
      {"WORKERS_THREADS", "1"}, {"WORKERS_QUEUE_CAPACITY", "1"},
      {"KAFKA_BROKERS", "k:1"}, {"KAFKA_GROUP_ID", "g"}, {"KAFKA_COMPRESSION", "none"}, {"KAFKA_LINGER_MS", "0"},
      {"KAFKA_CREATE_TOPIC", "c"}, {"KAFKA_UPDATE_TOPIC", "u"}, {"KAFKA_DELETE_TOPIC", "d"},
      {"KAFKA_DEAD_LETTER_TOPIC", "dlq"}, {"KAFKA_CONSUMER_WORKERS", "1"}, {"KAFKA_CONSUMER_BATCH_MAX", "1"},
      {"KAFKA_MAX_ATTEMPTS", "1"}, {"KAFKA_RETRY_BACKOFF_MAX_MS", "10"}, {"KAFKA_RETRY_TIMEOUT_MAX_MS", "10"},
      {"KAFKA_SESSION_TIMEOUT_MS", "6000"},
      {"KAFKA_COMMIT_INTERVAL_MS", "250"},
      {"MONGO_URI", "mongodb://m"}, {"MONGO_DATABASE", "db"}, {"MONGO_COLLECTION", "col"},
      {"MONGO_IDEMPOTENCY_COLLECTION", "keys"}, {"IDEMPOTENCY_RETENTION_SECONDS", "60"},
      {"MONGO_WRITE_CONCERN", "majority"}, {"MONGO_TIMEOUT_MS", "10"}, {"MONGO_POOL_SIZE", "1"},
      {"REDIS_ADDR", "r:1"}, {"REDIS_PASSWORD", ""}, {"REDIS_DB", "15"}, {"REDIS_POOL_SIZE", "1"},
      {"REDIS_TTL_SECONDS", "1"}, {"REDIS_KEY_PREFIX", "p:"},
      {"LOGGING_LEVEL", "error"},
      {"TRACING_ENDPOINT", ""}, {"TRACING_SAMPLE_RATIO", "0"}, {"TRACING_QUEUE_SIZE", "1"},
  };
  const auto c = Config::load_text("", env_of(vars));
  EXPECT_EQ(c.service.name, "env-only");
  EXPECT_EQ(c.http.port, 1);
  EXPECT_EQ(c.http.cors_allowed_origins, std::vector<std::string>{"*"});
  EXPECT_EQ(c.http.swagger_ui_dir, "/app/swagger-ui");
  EXPECT_EQ(c.redis.host, "r");
  EXPECT_EQ(c.redis.db, 15);
  EXPECT_EQ(c.kafka.session_timeout, 6000ms);
  EXPECT_EQ(c.kafka.commit_interval, 250ms);
  EXPECT_EQ(c.kafka.consumer_batch_max, 1);
  EXPECT_EQ(c.kafka.retry_timeout_max, 10ms);
  EXPECT_EQ(c.logging.level, "error");
  EXPECT_EQ(c.tracing.sample_ratio, 0.0);
  EXPECT_EQ(c.tracing.queue_size, 1);
  EXPECT_EQ(c.mongo.idempotency_collection, "keys");
  EXPECT_EQ(c.idempotency.retention, 60s);
  EXPECT_NE(c.service.name, file.service.name);
}

TEST(ConfigTest, LoadFileOnAMissingPathNamesThePath) {
  const auto path = std::filesystem::temp_directory_path() / products::testing::unique_name("no-such-config") /
                    "config.yaml";
  try {
    Config::load_file(path.string(), kNoEnv);
    FAIL() << "a missing file was accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path.string()));
  }
}

TEST(ConfigTest, LoadFileErrorsNameThePathAndTheKey) {
  const auto path =
      std::filesystem::temp_directory_path() / (products::testing::unique_name("bad-config") + ".yaml");
  {
    std::ofstream out(path);
    out << shipped_with("  port: 5007", "  port: nope");
  }
  try {
    Config::load_file(path.string(), kNoEnv);
    ADD_FAILURE() << "a bad file was accepted";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("http.port"), HasSubstr(path.string())));
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace products::app
