#pragma once
// The message of the error a call throws, for tests that check what an error says.
#include <string>

#include "core/error.h"

namespace ldm::test {

// Runs f and returns the message of the E it throws; "" when it throws none (any other exception
// escapes, so a wrong kind of error fails the test).
template <class E = Error, class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return {};
}

}  // namespace ldm::test
