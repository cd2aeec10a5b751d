#pragma once

#include <stdexcept>
#include <string>

namespace products::app {

// A setting the service cannot start with. The message names the key (and the variable or file
// it came from) so that the operator knows what to fix.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace products::app
