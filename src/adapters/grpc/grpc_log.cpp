#include "adapters/grpc/grpc_log.hpp"

#include <cstdio>

#include <grpc/support/log.h>
#include <spdlog/spdlog.h>

namespace products::adapters::grpc {

namespace {

spdlog::level::level_enum to_spdlog(gpr_log_severity severity) {
  switch (severity) {
    case GPR_LOG_SEVERITY_DEBUG: return spdlog::level::debug;
    case GPR_LOG_SEVERITY_INFO: return spdlog::level::info;
    case GPR_LOG_SEVERITY_ERROR: return spdlog::level::err;
  }
  return spdlog::level::err;
}

void log_to_spdlog(gpr_log_func_args* args) {
  spdlog::log(to_spdlog(args->severity), "grpc {}:{}: {}", args->file, args->line, args->message);
}

void log_to_stderr(gpr_log_func_args* args) {
  std::fprintf(stderr, "%s %s:%d] %s\n", gpr_log_severity_string(args->severity), args->file, args->line,
               args->message);
}

}  // namespace

GrpcLog::GrpcLog() { gpr_set_log_function(log_to_spdlog); }

GrpcLog::~GrpcLog() { gpr_set_log_function(log_to_stderr); }

}  // namespace products::adapters::grpc
