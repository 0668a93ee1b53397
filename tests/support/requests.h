#pragma once
// Requests the engine tests share.
#include <cstdint>

#include "core/api/generation_request.h"
#include "support/fixtures.h"

namespace ldm::test {

// A small DDIM run of the sd1-tiny fixture on the prompt "a red circle".
inline GenerationRequest sd1_tiny_request(int width, int height, int steps, int64_t seed) {
  GenerationRequest r;
  r.model = fixture_file("sd1-tiny", "model.safetensors");
  r.prompt = "a red circle";
  r.width = width;
  r.height = height;
  r.steps = steps;
  r.sampler = "ddim";
  r.seed = seed;
  return r;
}

}  // namespace ldm::test
