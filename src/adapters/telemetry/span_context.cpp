#include "adapters/telemetry/span_context.hpp"

#include <algorithm>
#include <random>
#include <utility>

namespace products::adapters::telemetry {

namespace {

std::mt19937_64& engine() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return engine;
}

template <std::size_t N>
bool all_zero(const std::array<std::uint8_t, N>& id) noexcept {
  return std::all_of(id.begin(), id.end(), [](std::uint8_t b) { return b == 0; });
}

// Random bytes, never all zero: the spec makes an all-zero id invalid.
template <std::size_t N>
std::array<std::uint8_t, N> random_id() {
  std::array<std::uint8_t, N> id{};
  while (all_zero(id)) {
    for (std::size_t i = 0; i < N; i += 8) {
      auto word = engine()();
      for (std::size_t j = i; j < std::min(N, i + 8); ++j, word >>= 8) id[j] = static_cast<std::uint8_t>(word);
    }
  }
  return id;
}

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(2 * N, '0');
  for (std::size_t i = 0; i < N; ++i) {
    text[2 * i] = kDigits[id[i] >> 4];
    text[2 * i + 1] = kDigits[id[i] & 0xf];
  }
  return text;
}

}  // namespace

SpanContext::SpanContext(const TraceId& trace_id, const SpanId& span_id, bool sampled, std::string trace_state)
    : trace_id_(trace_id), span_id_(span_id), sampled_(sampled), trace_state_(std::move(trace_state)) {}

TraceId SpanContext::random_trace_id() { return random_id<16>(); }
SpanId SpanContext::random_span_id() { return random_id<8>(); }

bool SpanContext::valid() const noexcept { return !all_zero(trace_id_) && !all_zero(span_id_); }

std::string SpanContext::trace_id_hex() const { return to_hex(trace_id_); }
std::string SpanContext::span_id_hex() const { return to_hex(span_id_); }
std::string SpanContext::hex(const SpanId& id) { return to_hex(id); }

}  // namespace products::adapters::telemetry
