#pragma once

#include <string_view>
#include <vector>

namespace products::adapters::http {

// The elements of a comma-separated list as HTTP writes them (RFC 9110 §5.6.1: If-None-Match,
// Vary, the CORS settings' origins): each trimmed of spaces and tabs, empty elements dropped.
std::vector<std::string_view> split_list(std::string_view list);

}  // namespace products::adapters::http
