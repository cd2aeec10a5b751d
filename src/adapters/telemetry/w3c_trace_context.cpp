#include "adapters/telemetry/w3c_trace_context.hpp"

#include <fmt/format.h>

namespace products::adapters::telemetry {

namespace {

constexpr std::size_t kVersion00Size = 55;
constexpr std::size_t kMaxTraceStateMembers = 32;
constexpr std::size_t kMaxTraceStateSize = 512;

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase is invalid in traceparent
}

template <std::size_t N>
bool parse_hex(std::string_view text, std::array<std::uint8_t, N>& out) noexcept {
  if (text.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    const int high = hex_digit(text[2 * i]);
    const int low = hex_digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return true;
}

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' || c == '/' ||
         c == '@';
}

bool value_char(char c) noexcept { return c >= 0x20 && c <= 0x7e && c != ',' && c != '='; }

// One list member "key=value" with the spec's character sets; the key may be "tenant@vendor".
bool valid_member(std::string_view member) noexcept {
  const auto eq = member.find('=');
  if (eq == 0 || eq == std::string_view::npos || eq + 1 == member.size()) return false;
  const auto key = member.substr(0, eq);
  const auto value = member.substr(eq + 1);
  if (key.size() > 256 || value.size() > 256 || value.back() == ' ') return false;
  for (char c : key) {
    if (!key_char(c)) return false;
  }
  for (char c : value) {
    if (!value_char(c)) return false;
  }
  return true;
}

// The header with optional whitespace removed around members, or "" when it is invalid.
std::string normalized_trace_state(std::string_view header) {
  if (header.size() > kMaxTraceStateSize) return {};
  std::string out;
  std::size_t members = 0;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const auto member = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (member.empty()) continue;  // empty list members are allowed and ignored
    if (!valid_member(member) || ++members > kMaxTraceStateMembers) return {};
    if (!out.empty()) out += ',';
    out += member;
  }
  return out;
}

}  // namespace

std::optional<SpanContext> W3cTraceContext::parse(std::string_view traceparent, std::string_view tracestate) {
  traceparent = trim(traceparent);
  if (traceparent.size() < kVersion00Size) return std::nullopt;
  if (traceparent[2] != '-' || traceparent[35] != '-' || traceparent[52] != '-') return std::nullopt;
  std::array<std::uint8_t, 1> version{};
  std::array<std::uint8_t, 1> flags{};
  TraceId trace_id{};
  SpanId span_id{};
  if (!parse_hex(traceparent.substr(0, 2), version) || !parse_hex(traceparent.substr(3, 32), trace_id) ||
      !parse_hex(traceparent.substr(36, 16), span_id) || !parse_hex(traceparent.substr(53, 2), flags)) {
    return std::nullopt;
  }
  if (version[0] == 0xff) return std::nullopt;
  // Version 00 has exactly four fields; a later version may append "-..." fields, which a
  // version-00 reader must tolerate.
  if (traceparent.size() != kVersion00Size && (version[0] == 0 || traceparent[kVersion00Size] != '-')) {
    return std::nullopt;
  }
  SpanContext context(trace_id, span_id, (flags[0] & 0x01) != 0, normalized_trace_state(tracestate));
  if (!context.valid()) return std::nullopt;
  return context;
}

std::string W3cTraceContext::traceparent(const SpanContext& context) {
  return fmt::format("00-{}-{}-{}", context.trace_id_hex(), context.span_id_hex(), context.sampled() ? "01" : "00");
}

}  // namespace products::adapters::telemetry
