#include "adapters/http/header_list.hpp"

namespace products::adapters::http {

std::vector<std::string_view> split_list(std::string_view list) {
  std::vector<std::string_view> elements;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto element = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    const auto first = element.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    elements.push_back(element.substr(first, element.find_last_not_of(" \t") - first + 1));
  }
  return elements;
}

}  // namespace products::adapters::http
