#pragma once
// .ckpt / .pt files written by torch.save (zip archives: <name>/data.pkl + <name>/data/<key>),
// as CompVis and PyTorch Lightning write them ({"state_dict": {...}, "global_step": ..., optimizer
// states, callbacks, ...}). Read with the safe unpickler (core/io/pickle.h); tensor data stays in
// the memory-mapped file. Legacy (pre-PyTorch-1.6, non-zip) files are recognised and refused.
#include <string>

#include "core/io/state_dict.h"

namespace ldm {

StateDict load_ckpt(const std::string& path);
// The tensors of the dict at root[dict_key] instead (A1111 textual-inversion files keep theirs under
// 'string_to_param'). LoadError when the root has no such dict of tensors.
StateDict load_ckpt(const std::string& path, const std::string& dict_key);

}  // namespace ldm
