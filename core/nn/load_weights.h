#pragma once
// Loading a module from a StateDict: submodules are registered under their checkpoint names, so the
// module tree *is* the key list and loading is a walk over named_parameters()/named_buffers() with
// shape checks. Missing, unexpected and mis-shaped keys are all listed in one LoadError.
#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "core/io/state_dict.h"

namespace ldm {

struct LoadOptions {
  c10::ScalarType dtype = c10::ScalarType::Float;  // compute dtype of floating tensors
  // Checkpoint keys (prefixes) that are known to be unused at inference (e.g. "to_logits.").
  std::vector<std::string> ignore_unexpected;
  // What is being loaded, for messages ("UNet", "autoencoder").
  std::string what = "model";
  // Only check that the checkpoint fits (names and shapes), reading no tensor: the module's parameters
  // are left as they are (with SkipParameterInit: allocated, never touched, so not resident).
  bool check_only = false;
};

void load_weights(torch::nn::Module& module, const StateDict& weights, const LoadOptions& options = {});

// Moves a module to `device` and converts its floating parameters and buffers to `dtype`.
// LibTorch's Module::to(dtype), unlike Python's, would also convert integer buffers (CLIP's
// position_ids), so it is not used for that.
void to_device_dtype(torch::nn::Module& module, const at::Device& device, c10::ScalarType dtype);

// The inverse of load_weights: every parameter and buffer of `module` into `dict` as prefix + name, on
// the CPU, floating ones converted to `dtype` (integer buffers such as CLIP's position_ids kept).
// own_copy: each tensor gets memory of its own (checkpoints written while training goes on); false
// shares the module's memory where no conversion was needed (a module dropped right after, as
// random_weights does: no second copy of a 3.4 GB UNet).
void add_module_tensors(StateDict& dict, const torch::nn::Module& module, const std::string& prefix,
                        c10::ScalarType dtype = c10::ScalarType::Float, bool own_copy = true);

// Parameter count of a module (what `ldm info` and the parameter-count tests report).
int64_t count_parameters(const torch::nn::Module& module);

}  // namespace ldm
