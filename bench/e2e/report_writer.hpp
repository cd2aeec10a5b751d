#pragma once

#include <string>

#include "bench_options.hpp"
#include "bench_results.hpp"

namespace products::bench {

// Writes a run's results: report.md (each figure beside its limit, the ratio and issue 7's
// target) and data.tsv (one row per catalog size, read by chart.gp) into the results folder.
class ReportWriter {
 public:
  ReportWriter(const BenchOptions& options, const BenchResults& results) : options_(options), results_(results) {}

  std::string markdown() const;
  std::string data_tsv() const;
  // Writes both files; throws std::runtime_error when a file cannot be written.
  void write() const;

 private:
  std::string targets_table() const;
  std::string sizes_table() const;
  std::string front_door_table() const;
  std::string method() const;
  std::string problems() const;

  const BenchOptions& options_;
  const BenchResults& results_;
};

}  // namespace products::bench
