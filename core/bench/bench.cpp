#include "core/bench/bench.h"

#include <chrono>
#include <cstdlib>

#include "core/api/system_info.h"
#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/models/autoencoder_config.h"
#include "core/models/first_stage.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/nn/load_weights.h"
#include "core/runtime/cpu_allocator.h"

namespace ldm {

namespace {

template <class F>
nlohmann::json time_it(int repeats, const at::Device& device, F&& f) {
  f();  // warm-up (allocations, kernel selection)
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    if (device.is_cuda()) torch::cuda::synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    if (device.is_cuda()) torch::cuda::synchronize();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {{"median_ms", ms[ms.size() / 2]}, {"min_ms", ms.front()}, {"repeats", repeats}};
}

using json = nlohmann::json;

// Published architectures (CompVis / Stability-AI configs), built with random weights so that
// timings need no download. Parameter counts match the released checkpoints.
json architecture(const std::string& arch) {
  json kl = {{"target", "ldm.models.autoencoder.AutoencoderKL"},
             {"params", {{"embed_dim", 4},
                         {"ddconfig", {{"double_z", true}, {"z_channels", 4}, {"resolution", 256}, {"in_channels", 3},
                                       {"out_ch", 3}, {"ch", 128}, {"ch_mult", {1, 2, 4, 4}}, {"num_res_blocks", 2},
                                       {"attn_resolutions", json::array()}, {"dropout", 0.0}}},
                         {"lossconfig", {{"target", "torch.nn.Identity"}}}}}};
  json unet = {{"image_size", 32}, {"in_channels", 4}, {"out_channels", 4}, {"model_channels", 320},
               {"attention_resolutions", {4, 2, 1}}, {"num_res_blocks", 2}, {"channel_mult", {1, 2, 4, 4}},
               {"use_spatial_transformer", true}, {"transformer_depth", 1}, {"use_checkpoint", false}, {"legacy", false}};
  json cond;
  if (arch == "sd15") {
    unet["num_heads"] = 8;
    unet["context_dim"] = 768;
    cond = {{"target", "ldm.modules.encoders.modules.FrozenCLIPEmbedder"}};
  } else if (arch == "sd21") {
    unet["num_head_channels"] = 64;
    unet["context_dim"] = 1024;
    unet["use_linear_in_transformer"] = true;
    cond = {{"target", "ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder"}, {"params", {{"layer", "penultimate"}}}};
  } else {
    throw RequestError("--arch must be sd15 or sd21");
  }
  return {{"unet", unet}, {"first_stage", kl}, {"cond", cond}};
}

}  // namespace

nlohmann::json runtime_report() {
  const SystemInfo s = system_info();
  nlohmann::json r;
  r["libtorch"] = s.libtorch_version;
  r["threads"] = s.threads;
  r["openblas_coretype"] = s.openblas_coretype.empty() ? "(auto)" : s.openblas_coretype;
  r["blas"] = s.blas;
  r["cuda"] = s.cuda_version;
  r["cudnn"] = s.cudnn_version;
  r["cuda_available"] = s.devices.size() > 1;
  r["cuda_devices"] = static_cast<int>(s.devices.size() - 1 + s.other_gpus.size());
  if (s.devices.size() > 1) {
    r["gpu"] = s.devices[1].name;
    r["gpu_memory_bytes"] = s.devices[1].memory_bytes;
  }
  return r;
}

nlohmann::json run_benchmarks(const BenchOptions& o) {
  torch::InferenceMode guard;
  if (o.device != "cpu" && o.device != "cuda") throw RequestError("--device must be cpu or cuda");
  if (o.device == "cuda" && !torch::cuda::is_available()) {
    throw RequestError("--device cuda: no CUDA device is available to this LibTorch build");
  }
  const at::Device device(o.device == "cuda" ? at::kCUDA : at::kCPU);
  at::ScalarType dt = at::kFloat;
  if (o.precision == "fp16") dt = at::kHalf;
  else if (o.precision == "bf16") dt = at::kBFloat16;
  else if (o.precision != "fp32") throw RequestError("unknown precision '" + o.precision + "': use fp32, fp16 or bf16");
  // What runs is what is reported: a precision the device cannot run is refused, not replaced.
  if (dt == at::kHalf && !device.is_cuda()) throw RequestError("fp16 is not supported on the CPU: use fp32 or bf16");
  const int reps = std::max(1, o.repeats);
  nlohmann::json out;
  out["runtime"] = runtime_report();
  out["device"] = o.device;
  out["precision"] = o.precision;
  out["dtype"] = c10::toString(dt);
  const auto opts = at::TensorOptions().device(device).dtype(dt);
  {
    at::Tensor a = at::randn({1024, 1024}, opts), b = at::randn({1024, 1024}, opts);
    out["matmul_1024"] = time_it(reps, device, [&] { (void)at::mm(a, b); });
  }
  {
    at::Tensor x = at::randn({1, 320, 64, 64}, opts), w = at::randn({320, 320, 3, 3}, opts);
    out["conv3x3_320x64x64"] = time_it(reps, device, [&] { (void)at::conv2d(x, w, {}, 1, 1); });
  }
  if (!o.save_weights.empty() && o.arch.empty()) throw RequestError("--save-weights needs --arch");
  StateDict saved;
  auto keep = [&](const torch::nn::Module& m, const std::string& prefix) {
    if (o.save_weights.empty()) return;
    for (const auto& p : m.named_parameters()) saved.set(prefix + p.key(), p.value().to(at::kCPU, at::kFloat));
    for (const auto& b : m.named_buffers()) saved.set(prefix + b.key(), b.value().to(at::kCPU));
  };
  if (!o.arch.empty()) {
    const json a = architecture(o.arch);
    const at::ScalarType model_dt = dt;
    const int64_t h = (o.height > 0 ? o.height : 512) / 8, w = (o.width > 0 ? o.width : 512) / 8;
    const int64_t b = std::max(1, o.batch);
    out["arch"] = o.arch;
    out["size"] = std::to_string(w * 8) + "x" + std::to_string(h * 8);
    {
      auto enc = make_condition_encoder(a["cond"]);
      to_device_dtype(*enc, device, model_dt);
      enc->eval();
      keep(*enc, "cond_stage_model.");
      at::Tensor tokens = at::randint(0, 49407, {2 * b, 77}, at::TensorOptions().dtype(at::kLong));
      out["text_encoder_b" + std::to_string(2 * b)] = time_it(reps, device, [&] { (void)enc->encode(tokens); });
      int64_t n = 0;
      for (const auto& p : enc->parameters()) n += p.numel();
      out["text_encoder_params"] = n;
    }
    {
      auto unet = std::make_shared<UNetModelImpl>(UNetConfig::from_compvis(a["unet"]));
      to_device_dtype(*unet, device, model_dt);
      unet->eval();
      keep(*unet, "model.diffusion_model.");
      int64_t n = 0;
      for (const auto& p : unet->parameters()) n += p.numel();
      out["unet_params"] = n;
      // One sampler step with classifier-free guidance = one UNet call on a doubled batch.
      at::Tensor x = at::randn({2 * b, 4, h, w}, opts.dtype(model_dt));
      at::Tensor t = at::full({2 * b}, 500, at::TensorOptions().dtype(at::kLong).device(device));
      at::Tensor ctx = at::randn({2 * b, 77, a["unet"]["context_dim"].get<int64_t>()}, opts.dtype(model_dt));
      out["unet_step_cfg_b" + std::to_string(b)] = time_it(reps, device, [&] { (void)unet->forward(x, t, ctx); });
    }
    release_cpu_cache();  // as the pipelines do before the decode
    {
      auto vae = make_first_stage(AutoencoderConfig::from_compvis(a["first_stage"], 0.18215));
      to_device_dtype(*vae, device, model_dt);
      vae->eval();
      keep(*vae, "first_stage_model.");
      at::Tensor z = at::randn({b, 4, h, w}, opts.dtype(model_dt));
      out["vae_decode_b" + std::to_string(b)] = time_it(std::max(1, reps / 2), device, [&] { (void)vae->decode(z); });
    }
  }
  if (!o.save_weights.empty()) {
    save_safetensors(saved, o.save_weights);
    out["saved_weights"] = o.save_weights;
  }
  return out;
}

}  // namespace ldm
