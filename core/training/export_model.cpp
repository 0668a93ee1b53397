// export_model: a trained model folder -> the form LDM Studio bundles (EMA weights only, float16).
#include <torch/torch.h>

#include <filesystem>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/io/yaml_json.h"
#include "core/training/training.h"

namespace ldm {

void export_model(const std::string& trained_dir, const std::string& out_dir, const std::string& decoder) {
  namespace fs = std::filesystem;
  const std::string target = out_dir + "/model.safetensors";
  if (fs::exists(target)) throw Error(target + " exists: remove it first (an export never overwrites)");
  const LoadedModel m = open_model(trained_dir);  // EMA applied per use_ema, model_ema.* dropped
  StateDict out;
  for (const std::string& key : m.weights.keys()) {
    if (key.rfind("loss.", 0) == 0) continue;  // the autoencoder's discriminator: training only
    const at::Tensor t = m.weights.get(key, torch::kHalf);
    out.set(key, t.contiguous());
  }
  if (!decoder.empty()) {
    // A fine-tuned decoder (stage 1b, same encoder): its decoder.* and post_quant_conv.* replace the
    // first stage's.
    const StateDict d = load_safetensors(resolve_model_files(decoder).weights);
    int replaced = 0;
    for (const std::string& key : d.keys()) {
      if (key.rfind("decoder.", 0) != 0 && key.rfind("post_quant_conv.", 0) != 0) continue;
      const std::string name = "first_stage_model." + key;
      if (!out.contains(name) || out.info(name).shape != d.info(key).shape)
        throw Error(decoder + ": " + key + " does not fit the first stage of " + trained_dir);
      out.set(name, d.get(key, torch::kHalf).contiguous());
      ++replaced;
    }
    if (replaced == 0) throw Error(decoder + " holds no decoder weights (decoder.*)");
  }
  out.metadata["format"] = "pt";
  out.metadata["ldm_studio"] = "exported from " + fs::path(trained_dir).filename().string() + " (EMA weights, float16)";
  nlohmann::json config = load_yaml_as_json(resolve_model_files(trained_dir).config);
  if (config.contains("model") && config["model"].contains("params")) config["model"]["params"]["use_ema"] = false;
  fs::create_directories(out_dir);
  save_safetensors(out, target, /*overwrite=*/false);
  const std::string yaml = json_to_yaml(config);
  AtomicFile f(out_dir + "/config.yaml", /*overwrite=*/true);
  f.write(yaml.data(), yaml.size());
  f.commit();
  if (fs::exists(trained_dir + "/classes.json"))
    fs::copy_file(trained_dir + "/classes.json", out_dir + "/classes.json", fs::copy_options::overwrite_existing);
}

}  // namespace ldm
