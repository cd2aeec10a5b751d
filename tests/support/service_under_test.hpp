#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/test_env.hpp"

namespace products::testing {

// Topics, consumer group and database of one test, so that tests never see each other's data.
// Instances started with the same Namespace share them (one consumer group, one database).
struct ServiceNamespace {
  std::string create_topic, update_topic, delete_topic, dead_letter_topic, group, database;
  // Shared by every copy of a fresh() namespace; the last copy to go deletes the topics. Every
  // test run makes new ones, and thousands of partitions left behind slow the local broker's
  // start past its deadline.
  std::shared_ptr<const void> topics_lease;

  // Fresh names; the topics are created (3 partitions, `replication_factor` replicas each) on
  // `brokers` before this returns.
  static ServiceNamespace fresh(const std::string& brokers = kafka_brokers(), int replication_factor = 1);
};

// The real products-service binary, started on free ports against the local stack.
class ServiceUnderTest {
 public:
  explicit ServiceUnderTest(ServiceNamespace ns, std::map<std::string, std::string> extra_env = {});
  // Kills the process if it is still running.
  ~ServiceUnderTest() = default;

  // Waits until /readyz answers 200; false (with the log on stderr) if it did not in time.
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // SIGTERM and the exit code, or nullopt when it did not exit in time.
  std::optional<int> stop(int signo, std::chrono::milliseconds timeout = std::chrono::seconds(30));

  int http_port() const noexcept { return http_port_; }
  int grpc_port() const noexcept { return grpc_port_; }
  int metrics_port() const noexcept { return metrics_port_; }
  HttpClient metrics() const { return HttpClient("127.0.0.1", metrics_port_); }
  std::string grpc_target() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  HttpClient http() const { return HttpClient("127.0.0.1", http_port_, ca_file_); }
  ServiceProcess& process() noexcept { return *process_; }
  const ServiceNamespace& names() const noexcept { return ns_; }

 private:
  ServiceNamespace ns_;
  int http_port_;
  int grpc_port_;
  int metrics_port_;
  std::string ca_file_;
  std::unique_ptr<ServiceProcess> process_;
};

// Path of a binary in the build tree, e.g. "products-service" or "tools/create-topics".
std::string built_binary(const std::string& relative);

}  // namespace products::testing
