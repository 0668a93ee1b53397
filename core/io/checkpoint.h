#pragma once
// One entry point for weight files: the format is recognised from the bytes, not the extension.
#include <string>

#include "core/io/state_dict.h"

namespace ldm {

enum class CheckpointFormat { Safetensors, TorchZip, LegacyTorch, Unknown };

CheckpointFormat sniff_checkpoint_format(const std::string& path);  // throws LoadError if unreadable
// Loads a .safetensors or torch.save (.ckpt/.pt/.pth/.bin) file. Throws LoadError.
StateDict load_checkpoint(const std::string& path);

}  // namespace ldm
