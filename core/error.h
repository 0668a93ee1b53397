#pragma once
#include <stdexcept>
#include <string>

namespace ldm {

// A user-facing error: one line that says what is wrong and, where possible, what to do.
// Programmer errors use TORCH_CHECK instead.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Bad or unsupported model files (checkpoints, configs, vocabularies).
class LoadError : public Error {
 public:
  using Error::Error;
};

// Bad request parameters (size, steps, sampler name, mask shape, ...).
class RequestError : public Error {
 public:
  using Error::Error;
};

// Thrown from inside a sampler when the cancellation flag is set.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace ldm
