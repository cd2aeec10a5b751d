#include "domain/error.hpp"

#include <fmt/format.h>

namespace products::domain {

namespace {

std::string summarize(const FieldErrors& fields) {
  std::string out = "invalid input";
  const char* sep = ": ";
  for (const auto& [field, problem] : fields) {
    out += fmt::format("{}{} {}", sep, field, problem);
    sep = "; ";
  }
  return out;
}

}  // namespace

Error::Error(ErrorKind kind, std::string message, FieldErrors fields)
    : std::runtime_error(std::move(message)), kind_(kind), fields_(std::move(fields)) {}

Error Error::invalid(FieldErrors fields) {
  auto message = summarize(fields);
  return Error(ErrorKind::InvalidArgument, std::move(message), std::move(fields));
}

Error Error::invalid_field(std::string field, std::string problem) {
  return invalid(FieldErrors{{std::move(field), std::move(problem)}});
}

Error Error::not_found(std::string what) { return Error(ErrorKind::NotFound, std::move(what)); }
Error Error::conflict(std::string what) { return Error(ErrorKind::Conflict, std::move(what)); }
Error Error::unavailable(std::string what) { return Error(ErrorKind::Unavailable, std::move(what)); }
Error Error::deadline_exceeded(std::string what) {
  return Error(ErrorKind::DeadlineExceeded, std::move(what));
}
Error Error::internal(std::string what) { return Error(ErrorKind::Internal, std::move(what)); }

bool Error::transient() const noexcept {
  return kind_ == ErrorKind::Unavailable || kind_ == ErrorKind::DeadlineExceeded;
}

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::InvalidArgument: return "invalid_argument";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Unavailable: return "unavailable";
    case ErrorKind::DeadlineExceeded: return "deadline_exceeded";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace products::domain
