#pragma once

#include <map>
#include <string>
#include <vector>

namespace products::testing {

// The samples of a /metrics scrape in the Prometheus text format: each series as written
// ("name{labels}") to its value.
std::map<std::string, double> samples(const std::string& text);

// The sum of the samples of `name` whose labels include every one of `labels` ("k=\"v\"").
double sum(const std::map<std::string, double>& all, const std::string& name,
           const std::vector<std::string>& labels = {});

}  // namespace products::testing
