#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "domain/error.hpp"

namespace products::fuzz {

// A broken property: the input that broke it is the crash libFuzzer saves.
[[noreturn]] inline void violated(std::string_view what) {
  std::fprintf(stderr, "fuzz: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// The decoders' contract: bad input is domain::Error(InvalidArgument) naming what is wrong. Any
// other exception leaves LLVMFuzzerTestOneInput and terminates, which libFuzzer reports as a crash,
// and so is an InvalidArgument-less domain::Error (a caller would map it to 5xx or a retry).
template <class Decode>
void decode_or_reject(Decode decode) {
  try {
    decode();
  } catch (const domain::Error& e) {
    if (e.kind() != domain::ErrorKind::InvalidArgument) violated(e.what());
  }
}

}  // namespace products::fuzz
