// The config loader: YAML text, then environment overrides. The input is the YAML, then after a
// NUL byte the environment as NAME=value entries separated by NUL bytes, as /proc/<pid>/environ
// lays it out.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "app/config_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string yaml(input.substr(0, nul));
  std::map<std::string, std::string, std::less<>> environment;
  input.remove_prefix(nul == std::string_view::npos ? input.size() : nul + 1);
  while (!input.empty()) {
    const auto entry = input.substr(0, input.find('\0'));
    input.remove_prefix(std::min(input.size(), entry.size() + 1));
    const auto equals = entry.find('=');
    if (equals == std::string_view::npos) continue;
    environment.insert_or_assign(std::string(entry.substr(0, equals)), std::string(entry.substr(equals + 1)));
  }
  const products::app::Config::Environment env = [&environment](const char* name) -> const char* {
    const auto it = environment.find(name);
    return it == environment.end() ? nullptr : it->second.c_str();
  };
  // A config the service cannot start with is a ConfigError naming the key, which main prints;
  // anything else thrown terminates here, which libFuzzer reports as a crash.
  try {
    products::app::Config::load_text(yaml, env);
  } catch (const products::app::ConfigError&) {
  }
  return 0;
}
