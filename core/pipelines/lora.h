#pragma once
// LoRA for Stable Diffusion 1.x/2.x (UNet and text encoder): kohya-ss files (lora_unet_* / lora_te_*,
// .lora_down/.lora_up/.alpha, LoCon convolutions included) and diffusers/PEFT files (.lora_A/.lora_B,
// and the older *_lora.down/up), safetensors or a safely unpickled .ckpt/.pt. The deltas are merged into
// the weights (no cost per step); the weights a LoRA touches are kept, so that changing or removing
// LoRAs starts again from them: removing every LoRA restores the model bit for bit.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/api/generation_request.h"

namespace ldm {

class LatentDiffusion;

// `<lora:NAME:W>` / `<lora:NAME:TE:UNET>` tags (A1111) taken out of `prompt` (replaced by nothing).
// NAME is a file name in the LoRA folders (resolve_lora); a malformed weight is a RequestError.
std::vector<LoraRef> extract_lora_tags(std::string* prompt);

// The folders searched for a LoRA given by name, in order: $LDM_LORA_PATH (':'-separated),
// ${XDG_DATA_HOME:-~/.local/share}/ldm-studio/lora, and lora/ beside the model's weights.
std::vector<std::string> lora_folders(const std::string& model_dir);
// A LoRA's file: a path as given (CLI --lora), or a bare name (a prompt tag, no '/' allowed) found in
// lora_folders() with .safetensors, .pt or .ckpt appended. RequestError listing the folders otherwise.
std::string resolve_lora(const std::string& name_or_path, const std::string& model_dir);

// The web UI's short hash of a LoRA file ("Lora hashes" in its parameters): the first 12 hex digits of
// the SHA-256 of a .safetensors file's data after its header (kohya's addnet hash), of the whole file for
// other formats. Remembered per path, size and modification time for the process. LoadError if unreadable.
std::string lora_short_hash(const std::string& path);

class LoraMerger {
 public:
  explicit LoraMerger(LatentDiffusion& model);
  ~LoraMerger();
  // Makes the weights the original ones plus sum_i strength_i * delta_i. Every file is read and checked
  // first (LoadError naming the file and its first bad key: unknown module, wrong shape, a LoRA made
  // for another model family, an unsupported LyCORIS kind); on error the weights stay as they were.
  void set(const std::vector<LoraRef>& loras);
  const std::vector<LoraRef>& applied() const { return applied_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<LoraRef> applied_;
};

}  // namespace ldm
