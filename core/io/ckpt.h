#pragma once
// .ckpt / .pt files written by torch.save (zip archives: <name>/data.pkl + <name>/data/<key>),
// as CompVis and PyTorch Lightning write them ({"state_dict": {...}, "global_step": ..., optimizer
// states, callbacks, ...}). Read with the safe unpickler (core/io/pickle.h); tensor data stays in
// the memory-mapped file. Legacy (pre-PyTorch-1.6, non-zip) files are recognised and refused.
#include <string>

#include "core/io/state_dict.h"

namespace ldm {

StateDict load_ckpt(const std::string& path);

}  // namespace ldm
