#pragma once

namespace products::adapters::grpc {

// Process-wide, like ProtobufLog: while it lives, what gRPC's core logs (by default plain
// "E1202 12:00:00.000 ..." lines on stderr, outside the service's JSON log; at GRPC_VERBOSITY,
// errors only unless set) goes to spdlog at the matching level. gRPC offers no way to read the
// handler it replaces, so afterwards its lines go to stderr as plain text again, written here:
// spdlog may be gone by then.
class GrpcLog {
 public:
  GrpcLog();
  ~GrpcLog();
  GrpcLog(const GrpcLog&) = delete;
  GrpcLog& operator=(const GrpcLog&) = delete;
};

}  // namespace products::adapters::grpc
