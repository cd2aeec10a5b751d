// What a traced cached GET costs the service at a sample ratio of 1, without the machine's noise:
// the two spans the request makes (the HTTP server span with the Router's attributes and the
// Redis client span of the cache lookup) up to their hand-over to the exporter, and the
// exporter's side, encoding a batch of such spans in OTLP protobuf.
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "adapters/telemetry/batch_exporter.hpp"
#include "adapters/telemetry/database_spans.hpp"
#include "adapters/telemetry/otlp_proto_encoder.hpp"
#include "adapters/telemetry/tracer.hpp"

namespace {

using namespace products::adapters::telemetry;

// Encodes every batch as OtlpHttpSink does, and sends it nowhere: the exporter's thread does its
// real work minus the network.
class EncodingSink : public SpanSink {
 public:
  void encode(const SpanData& span, std::string& out) const override { encoder_.append_span(span, out); }
  bool send(EncodedSpans batch, products::domain::Deadline) override {
    encoder_.encode(batch.bytes, body_);
    benchmark::DoNotOptimize(body_.data());
    return true;
  }

 private:
  const OtlpProtoEncoder encoder_{{{"service.name", std::string("products-service")}}, "products-service", "1.0.0"};
  std::string body_;
};

DatabaseTarget redis_target() { return {"redis", "0", "", "127.0.0.1", 6379}; }

// The spans of one cached GET, as Router::dispatch and TracedCachedProductReader make them.
void traced_get(const Tracer& tracer, const DatabaseSpans& cache) {
  auto server = tracer.start_span("GET", SpanKind::Server);
  server.set_attribute("http.request.method", std::string("GET"));
  server.set_attribute("url.path", std::string("/api/v1/products/65a1b2c3d4e5f60718293a4b"));
  server.set_attribute("network.protocol.version", std::string("1.1"));
  {
    auto lookup = cache.start("GET", server.context());
    lookup.set_attribute("cache.hit", true);
  }
  server.rename("GET /api/v1/products/{id}");
  server.set_attribute("http.route", std::string("/api/v1/products/{id}"));
  server.set_attribute("http.response.status_code", std::int64_t{200});
}

// Ends every span on the spot: span building alone, as the request thread does it.
class DiscardingProcessor : public SpanProcessor {
 public:
  void on_end(SpanData&& span) noexcept override { benchmark::DoNotOptimize(span.name.data()); }
};

void BM_TracedGetSpans(benchmark::State& state) {
  DiscardingProcessor discarding;
  const Tracer tracer(Sampler(1.0), &discarding);
  const DatabaseSpans cache(tracer, redis_target());
  for (auto _ : state) traced_get(tracer, cache);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TracedGetSpans);

// Everything tracing costs the service per cached GET but the network: span building, the
// hand-over to a running BatchExporter, and its thread's encoding and freeing of the batches (the
// CPU time is the whole process's). The loop waits, off the CPU, whenever the exporter falls
// behind, so that no span is dropped (a drop would be cheaper than an export).
void BM_TracedGetExported(benchmark::State& state) {
  constexpr std::uint64_t kBehind = 4096;
  BatchExporter exporter(std::make_unique<EncodingSink>(),
                         BatchOptions{.max_queue = 4 * kBehind, .max_batch = 512, .interval = std::chrono::milliseconds(5)});
  const Tracer tracer(Sampler(1.0), &exporter);
  const DatabaseSpans cache(tracer, redis_target());
  std::uint64_t spans = 0;
  for (auto _ : state) {
    traced_get(tracer, cache);
    spans += 2;
    while (spans - exporter.exported() > kBehind) std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["dropped"] = static_cast<double>(exporter.dropped());
}
BENCHMARK(BM_TracedGetExported)->MeasureProcessCPUTime();

// Collects what the tracer hands over, for the encoder's input.
class CollectingProcessor : public SpanProcessor {
 public:
  void on_end(SpanData&& span) noexcept override { spans_.push_back(std::move(span)); }
  std::vector<SpanData>& spans() { return spans_; }

 private:
  std::vector<SpanData> spans_;
};

// `range(0)` cached GETs' spans (two each) encoded as they end, on the request thread, and
// wrapped into one request as the exporter's thread does.
void BM_OtlpEncodeTracedGets(benchmark::State& state) {
  CollectingProcessor collected;
  const Tracer tracer(Sampler(1.0), &collected);
  const DatabaseSpans cache(tracer, redis_target());
  for (std::int64_t i = 0; i < state.range(0); ++i) traced_get(tracer, cache);
  OtlpProtoEncoder encoder({{"service.name", std::string("products-service")}}, "products-service", "1.0.0");
  std::string spans;
  std::string body;
  for (auto _ : state) {
    spans.clear();
    for (const auto& span : collected.spans()) encoder.append_span(span, spans);
    encoder.encode(spans, body);
    benchmark::DoNotOptimize(body.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(collected.spans().size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}
BENCHMARK(BM_OtlpEncodeTracedGets)->Arg(256);

}  // namespace
