#include "report_writer.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "raw_store.hpp"

namespace products::bench {

namespace {

// 12,345 / 1,234.5 / 12.3 / 0.123: enough digits to compare, no more.
std::string num(double value) {
  if (value >= 100) {
    const auto digits = fmt::format("{:.0f}", value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return grouped;
  }
  if (value >= 10) return fmt::format("{:.1f}", value);
  if (value >= 1) return fmt::format("{:.2f}", value);
  return fmt::format("{:.3f}", value);
}

std::string count(std::int64_t value) { return value >= 100 ? num(static_cast<double>(value)) : std::to_string(value); }

std::string percent(double ratio) { return ratio >= 0.1 ? fmt::format("{:.0f} %", ratio * 100) : fmt::format("{:.1f} %", ratio * 100); }

// "yes", or how far off: for "at least" targets the factor still missing, for "at most" the excess.
std::string verdict_at_least(double ratio, double target) {
  if (ratio >= target) return "**yes**";
  if (ratio <= 0) return "no";
  return fmt::format("no: {}× short", num(target / ratio));
}

std::string verdict_at_most(double ratio, double target) {
  if (ratio <= target) return "**yes**";
  return fmt::format("no: {}× over", num(ratio / target));
}

double ratio(double ours, double limit) { return limit > 0 ? ours / limit : 0; }

std::string latency_pair(const LatencyStats& stats) {
  return fmt::format("{} / {}", num(stats.p50()), num(stats.p99()));
}

// With the sample count, where a time budget may have cut it short.
std::string latency_counted(const LatencyStats& stats) {
  return fmt::format("{} (n = {})", latency_pair(stats), stats.samples());
}

}  // namespace

std::string ReportWriter::targets_table() const {
  std::string out = "| figure | ours | limit, same run | ratio | target | met |\n|---|---|---|---|---|---|\n";
  const auto& points = results_.points;
  for (const auto& p : points) {
    const auto r = ratio(p.creates.rate(), p.raw_inserts.rate());
    out += fmt::format("| creates applied/s, {} → {} products | {} | {} raw bulk-inserted/s | {} | ≥ 50 % | {} |\n",
                       count(p.creates_from), count(p.creates_to), num(p.creates.rate()), num(p.raw_inserts.rate()),
                       percent(r), verdict_at_least(r, 0.5));
  }
  if (points.size() >= 2) {
    const auto& small = points.front();
    const auto& large = points.back();
    const auto r = ratio(large.creates.rate(), small.creates.rate());
    out += fmt::format("| creates applied/s at {} vs at {} products | {} | {} | {} | ≥ 70 % | {} |\n",
                       count(large.size), count(small.size), num(large.creates.rate()), num(small.creates.rate()),
                       percent(r), verdict_at_least(r, 0.7));
  }
  for (const auto& p : points) {
    const auto r = ratio(p.updates.rate(), p.raw_updates.rate());
    out += fmt::format("| updates applied/s at {} products | {} | {} raw updates by `_id`/s | {} | ≥ 50 % | {} |\n",
                       count(p.size), num(p.updates.rate()), num(p.raw_updates.rate()), percent(r),
                       verdict_at_least(r, 0.5));
  }
  for (const auto& p : points) {
    const auto r = ratio(p.grpc_creates.rate(), p.raw_insert_ones.rate());
    out += fmt::format("| gRPC `Create`/s at {} products | {} | {} raw `insert_one`/s | {} | ≥ 50 % | {} |\n",
                       count(p.size), num(p.grpc_creates.rate()), num(p.raw_insert_ones.rate()), percent(r),
                       verdict_at_least(r, 0.5));
  }
  for (const auto& p : points) {
    // The target allows twice the server's read plus the HTTP stack's own round trip.
    const auto limit = 2 * p.raw_find.latency.p50() + p.healthz_latency.latency.p50();
    const auto r = ratio(p.get_miss.latency.p50(), limit);
    out += fmt::format(
        "| cache-miss `GET` p50 at {} products, ms | {} | raw find by `_id` {} (+ `/healthz` {}) | {} of 2× find + HTTP "
        "| ≤ 100 % | {} |\n",
        count(p.size), num(p.get_miss.latency.p50()), num(p.raw_find.latency.p50()),
        num(p.healthz_latency.latency.p50()), percent(r), verdict_at_most(r, 1.0));
  }
  if (points.size() >= 2) {
    const auto& small = points.front();
    const auto& large = points.back();
    const auto r = ratio(large.get_miss.latency.p50(), small.get_miss.latency.p50());
    out += fmt::format("| cache-miss `GET` p50 at {} vs at {} products (flat) | {} ms | {} ms | {} | flat | {} |\n",
                       count(large.size), count(small.size), num(large.get_miss.latency.p50()),
                       num(small.get_miss.latency.p50()), percent(r), r <= 1.5 ? "**yes**" : verdict_at_most(r, 1.5));
  }
  const auto& f = results_.front;
  const auto cached = ratio(f.cached_get.rate(200), f.healthz_rps());
  out += fmt::format("| cached `GET`/s, {} connections | {} | {} `/healthz`/s | {} | ≥ 80 % | {} |\n",
                     options_.connections, num(f.cached_get.rate(200)), num(f.healthz_rps()), percent(cached),
                     verdict_at_least(cached, 0.8));
  for (const auto& p : points) {
    const auto r = ratio(p.search.latency.p99(), p.raw_search.latency.p99());
    out += fmt::format("| search p99 at {} products, ms | {} | {} the server's count + first page | {} | ≤ 150 % | {} |\n",
                       count(p.size), num(p.search.latency.p99()), num(p.raw_search.latency.p99()), percent(r),
                       verdict_at_most(r, 1.5));
  }
  const auto accept = ratio(f.posts.rate(202), f.healthz_rps());
  out += fmt::format("| REST creates accepted (202)/s, {} connections | {} | {} `/healthz`/s | {} | — | — |\n",
                     options_.connections, num(f.posts.rate(202)), num(f.healthz_rps()), percent(accept));
  return out;
}

std::string ReportWriter::sizes_table() const {
  std::string out =
      "| products | creates applied/s (end to end) | raw bulk insert/s | updates applied/s (end to end) | raw bulk update/s "
      "| gRPC `Create`/s | raw `insert_one`/s | cache-miss `GET` p50 / p99 ms | raw find p50 / p99 ms "
      "| `/healthz` p50 ms | search p50 / p99 ms | raw count + page p50 / p99 ms | matches |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& p : results_.points) {
    out += fmt::format("| {} | {} ({}) | {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", count(p.size),
                       num(p.creates.rate()), num(p.creates.end_to_end_rate()), num(p.raw_inserts.rate()),
                       num(p.updates.rate()), num(p.updates.end_to_end_rate()), num(p.raw_updates.rate()),
                       num(p.grpc_creates.rate()), num(p.raw_insert_ones.rate()), latency_pair(p.get_miss.latency),
                       latency_pair(p.raw_find.latency), num(p.healthz_latency.latency.p50()),
                       latency_counted(p.search.latency), latency_counted(p.raw_search.latency),
                       count(p.search_matches));
  }
  out += "\nSamples per size: ";
  if (!results_.points.empty()) {
    const auto& p = results_.points.back();
    out += fmt::format("{} cache-miss GETs and raw finds, {} creates and updates each way, {} gRPC creates and "
                       "raw `insert_one`s. Catalog growth during the write phases: ",
                       p.get_miss.answered(), p.creates.records, p.grpc_creates.ok);
  }
  std::vector<std::string> growth;
  for (const auto& p : results_.points) {
    growth.push_back(fmt::format("{} → {} (creates {} → {}, raw inserts {} → {})", count(p.size), count(p.size_after),
                                 count(p.creates_from), count(p.creates_to), count(p.raw_inserts_from),
                                 count(p.raw_inserts_to)));
  }
  out += fmt::format("{}.\n", fmt::join(growth, "; "));
  return out;
}

std::string ReportWriter::front_door_table() const {
  const auto& f = results_.front;
  std::string out = fmt::format(
      "At {} products, {} keep-alive connections, {} s warm-up then {} s each, in this order:\n\n"
      "| request | answers/s | p50 / p99 ms | other answers |\n|---|---|---|---|\n",
      count(f.size), options_.connections, options_.warmup_s, options_.duration_s);
  const auto row = [&](const char* what, const HttpLoadResult& r, int status) {
    out += fmt::format("| {} | {} | {} | {} |\n", what, num(r.rate(status)), latency_pair(r.latency), r.unexpected(status));
  };
  row("`GET /healthz` (200)", f.healthz_before, 200);
  row("cached `GET /api/v1/products/{id}` (200), 100 products", f.cached_get, 200);
  row("`POST /api/v1/products` (202)", f.posts, 202);
  row("`GET /healthz` again (200)", f.healthz_after, 200);
  return out;
}

std::string ReportWriter::method() const {
  return fmt::format(
      R"(- **The service** is the release build, started by `make bench-e2e` with its own database
  (`MONGO_DATABASE={}`), topics (`{}`, `{}`), consumer group (`{}`) and Redis key prefix (`{}`),
  so that it shares the stack with nobody's data; everything else is `config/config.yaml`. The
  benchmark drops the database and deletes the topics when it ends.
- **Applied** means committed by the consumer group: the commands are put on Kafka with the
  project's own `CommandCodec` and an idempotent `acks=all` producer, exactly as the REST publisher
  does, and the clock runs from the first send until the group's committed offsets reach the
  topic's end offsets (polled every 10 ms; the consumer commits only offsets whose records and all
  earlier ones are applied). Polling offsets costs the store nothing, unlike looking the products
  up. The rate given is the steady one, between the first and the last commit seen (at least
  three), which leaves out the first fetch and the wait for the last commit: the consumer commits
  every `kafka.commit_interval_ms` (100 ms here; 1 s by default) or every 1,000 records, which
  would otherwise dwarf a short run of fast applies. The end-to-
  end rate, first send to last commit, is beside it. Updates edit {} distinct products; creates
  are new ids.
- **Raw limits** use libmongoc directly on the same collection with the service's own documents,
  filters and sort: bulk inserts in write commands of {} documents and bulk updates by `_id` (each
  the service's update document) in commands of {} statements, {} commands at once (the service's
  `kafka.consumer_workers`). FerretDB 1.24 hangs when the update statements in flight outnumber its
  connection pool, so at most {} are in flight;
  `insert_one` from {} threads, as many as the gRPC clients; find by exactly `{{_id}}` and the
  search's count + first page (`deleted != true`, case-insensitive regex on name or description,
  sort `createdAt` desc, `_id` desc, limit 10) from {} threads, as many as the HTTP clients.
- **Latencies** are closed-loop with {} clients: cache-miss `GET`s read each product once, evicted
  from Redis just before; {} cache-miss samples and up to {} searches (at most {} s) per size,
  after a warm-up. `/healthz` p50 at the same concurrency is the HTTP stack's own round trip.
- **Rates** over HTTP are closed-loop on {} keep-alive connections (an asynchronous Boost.Beast
  client on one thread of the same machine), {} s warm-up then {} s measured; only answers within
  the window count. The POST phase comes last: the creates it accepts are left to the consumer.
- **Sizes**: the catalog grows to each size with raw bulk inserts; reads and updates run at exactly
  that size, the create phases add products as they go (see above).)",
      options_.database, options_.create_topic, options_.update_topic, options_.group, options_.redis_prefix,
      options_.apply_count, RawStore::kMaxBatch,
      RawStore::update_batch(options_.writers, options_.raw_updates_in_flight),
      options_.writers, options_.raw_updates_in_flight, options_.clients, options_.latency_clients,
      options_.latency_clients, options_.latency_samples, options_.search_samples, options_.search_budget_s,
      options_.connections, options_.warmup_s, options_.duration_s);
}

std::string ReportWriter::problems() const {
  std::vector<std::string> lines;
  const auto http = [&](const std::string& what, const HttpLoadResult& r, int status) {
    const auto other = r.unexpected(status);
    if (other != "none") lines.push_back(fmt::format("- {}: {}", what, other));
  };
  const auto phase = [&](const std::string& what, const PhaseOutcome& o) {
    if (o.failed) lines.push_back(fmt::format("- {}: {} failed ({})", what, o.failed, o.first_error));
    if (o.timed_out) lines.push_back(fmt::format("- {}: stopped by its time budget after {} operations", what, o.ok));
  };
  for (const auto& p : results_.points) {
    const auto at = fmt::format(" at {}", count(p.size));
    http("cache-miss GET" + at, p.get_miss, 200);
    http("search" + at, p.search, 200);
    phase("raw find" + at, p.raw_find);
    phase("raw search" + at, p.raw_search);
    phase("gRPC Create" + at, p.grpc_creates);
    phase("raw insert_one" + at, p.raw_insert_ones);
  }
  const auto& f = results_.front;
  http("/healthz", f.healthz_before, 200);
  http("cached GET", f.cached_get, 200);
  http("POST", f.posts, 202);
  http("/healthz again", f.healthz_after, 200);
  if (lines.empty()) return "None: every answer was the expected one.\n";
  return fmt::format("{}\n", fmt::join(lines, "\n"));
}

std::string ReportWriter::markdown() const {
  const auto& c = results_.context;
  return fmt::format(
      "# End-to-end benchmark\n\n"
      "Measured {} on commit `{}` by `make bench-e2e` (took {:.0f} s).\n\n"
      "- machine: {} × {}, {} memory\n- store: {}{}\n- sizes: {}\n\n"
      "![rates and latencies against catalog size](chart.png)\n\n"
      "## Against issue 7's targets\n\n{}\n"
      "## By catalog size\n\n{}\n"
      "## The front door\n\n{}\n"
      "## How it was measured\n\n{}\n\n"
      "## Anything unexpected\n\n{}",
      c.date_utc, c.commit, c.wall_seconds, c.cpus, c.cpu_model, c.memory, c.server_version,
      c.stack_note.empty() ? "" : ", " + c.stack_note, fmt::join(options_.sizes, ", "), targets_table(), sizes_table(),
      front_door_table(), method(), problems());
}

std::string ReportWriter::data_tsv() const {
  std::string out =
      "# size creates_applied raw_bulk_insert updates_applied raw_bulk_update grpc_create raw_insert_one "
      "get_miss_p50 get_miss_p99 raw_find_p50 raw_find_p99 search_p50 search_p99 raw_search_p50 raw_search_p99 "
      "healthz_p50\n";
  for (const auto& p : results_.points) {
    out += fmt::format("{}\t{:.2f}\t{:.2f}\t{:.2f}\t{:.2f}\t{:.2f}\t{:.2f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\t{:.3f}\n",
                       p.size, p.creates.rate(), p.raw_inserts.rate(), p.updates.rate(), p.raw_updates.rate(),
                       p.grpc_creates.rate(), p.raw_insert_ones.rate(), p.get_miss.latency.p50(),
                       p.get_miss.latency.p99(), p.raw_find.latency.p50(), p.raw_find.latency.p99(),
                       p.search.latency.p50(), p.search.latency.p99(), p.raw_search.latency.p50(),
                       p.raw_search.latency.p99(), p.healthz_latency.latency.p50());
  }
  return out;
}

void ReportWriter::write() const {
  std::filesystem::create_directories(options_.results_dir);
  const auto put = [&](const char* name, const std::string& text) {
    const auto path = std::filesystem::path(options_.results_dir) / name;
    std::ofstream file(path);
    file << text;
    if (!file.flush()) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
  };
  put("report.md", markdown());
  put("data.tsv", data_tsv());
}

}  // namespace products::bench
