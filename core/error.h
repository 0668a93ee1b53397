#pragma once
#include <stdexcept>
#include <string>

namespace ldm {

// What went wrong, for a front end that explains it in its own words (the GUI names its own controls,
// translated); the message is the CLI's one-line explanation.
enum class ErrorCode {
  Unspecified,
  BadFile,               // a model, config or input file that cannot be read (LoadError's default)
  NoModel,               // no model given and no bundled one for the task
  WrongModelForTask,     // the model does not serve the task
  NoCudaDevice,          // CUDA asked for, none available
  PrecisionUnsupported,  // fp16 on the CPU, an unknown precision
  InvalidSize,           // width or height impossible for the model
  MaskSizeMismatch,      // the mask is not the image's size
  MissingInput,          // an image, mask, prompt or box the task needs
  OutOfMemory,           // an allocation failed with the whole model loaded: its parts taking turns may help
  TooLargeForMemory,     // out of memory where taking turns would not help (they already did, or what the
                         // request alone needs exceeds the free memory: refused before it starts)
  NumericOverflow,       // NaN/inf in a result: the precision overflowed, or broken weights
  Cancelled,
};

// A user-facing error: one line that says what is wrong and, where possible, what to do.
// Programmer errors use TORCH_CHECK instead.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorCode code = ErrorCode::Unspecified)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// Bad or unsupported files (checkpoints, configs, vocabularies, input images).
class LoadError : public Error {
 public:
  explicit LoadError(const std::string& message, ErrorCode code = ErrorCode::BadFile) : Error(message, code) {}
};

// Bad request parameters (size, steps, sampler name, mask shape, ...).
class RequestError : public Error {
 public:
  explicit RequestError(const std::string& message, ErrorCode code = ErrorCode::Unspecified) : Error(message, code) {}
};

// Thrown from inside a sampler when the cancellation flag is set.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled", ErrorCode::Cancelled) {}
};

}  // namespace ldm
