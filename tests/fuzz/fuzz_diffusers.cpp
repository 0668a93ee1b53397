// libFuzzer: a diffusers folder's JSON (model_index.json, unet/config.json) through
// load_diffusers_folder, and a UNet description through stable_diffusion_weight_names (the LoRA key
// table; only for params UNetConfig accepts, as a loaded model's are). The first byte says which file the rest of the input is; the other file is a valid SD 1.x
// one. No weights are present: the reader must refuse with a LoadError, never crash or run away,
// whatever the configs claim.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "core/error.h"
#include "core/io/diffusers.h"
#include "core/models/unet_config.h"

namespace {

const char* kIndex = R"({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.21.4",
 "text_encoder": ["transformers", "CLIPTextModel"], "unet": ["diffusers", "UNet2DConditionModel"],
 "vae": ["diffusers", "AutoencoderKL"], "scheduler": ["diffusers", "PNDMScheduler"]})";
const char* kUnet = R"({"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": 8,
 "block_out_channels": [32, 64], "cross_attention_dim": 32, "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"],
 "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"], "in_channels": 4, "out_channels": 4, "layers_per_block": 1,
 "sample_size": 8})";

std::string dir;

void write(const std::string& path, const char* data, size_t size) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) __builtin_trap();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  dir = "/tmp/ldm-fuzz-diffusers-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  ::mkdir((dir + "/unet").c_str(), 0700);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* text = reinterpret_cast<const char*>(data + 1);
  const size_t n = size - 1;
  const int role = data[0] % 3;
  if (role == 2) {
    const nlohmann::json params = nlohmann::json::parse(text, text + n, nullptr, false);
    if (params.is_discarded()) return 0;
    try {
      // Only UNet params a model could be loaded with reach the LoRA table.
      (void)ldm::UNetConfig::from_compvis(params);
      (void)ldm::stable_diffusion_weight_names(params, 1 + data[0] / 3 % 24, data[0] & 0x80);
    } catch (const ldm::LoadError&) {
    }
    return 0;
  }
  write(dir + "/model_index.json", role == 0 ? text : kIndex, role == 0 ? n : std::strlen(kIndex));
  write(dir + "/unet/config.json", role == 1 ? text : kUnet, role == 1 ? n : std::strlen(kUnet));
  try {
    (void)ldm::load_diffusers_folder(dir);
  } catch (const ldm::LoadError&) {
  }
  return 0;
}
