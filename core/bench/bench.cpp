#include "core/bench/bench.h"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <set>

#include "core/api/system_info.h"
#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/io/yaml_json.h"
#include "core/models/autoencoder_config.h"
#include "core/models/first_stage.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/nn/cuda_kernels.h"
#include "core/nn/group_norm32.h"
#include "core/nn/load_weights.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/runtime/cpu_allocator.h"
#include "core/runtime/runtime.h"
#include "core/sampling/model_wrapper.h"
#include "core/text/tokenizer.h"

#if __has_include(<torch/csrc/autograd/profiler_kineto.h>)
#include <torch/csrc/autograd/profiler_kineto.h>
#define LDM_BENCH_TRACE 1
#endif

// Peak GPU memory: the caching allocator's statistics, in a CUDA build only.
#if __has_include(<cuda_runtime_api.h>) && __has_include(<c10/cuda/CUDACachingAllocator.h>)
#include <c10/cuda/CUDACachingAllocator.h>
#define LDM_BENCH_CUDA_STATS 1
#endif

namespace ldm {

namespace {

// `warm_up` (default: one call of f) settles allocations and kernel selection before the timed calls.
template <class F, class W>
nlohmann::json time_it(int repeats, const at::Device& device, F&& f, W&& warm_up) {
  warm_up();
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

template <class F>
nlohmann::json time_it(int repeats, const at::Device& device, F&& f) {
  return time_it(repeats, device, f, f);
}

const char* const kPrompt = "a photograph of an astronaut riding a horse";

const nlohmann::json& model_cond_params(const LatentDiffusionConfig& c) {
  static const nlohmann::json none = nlohmann::json::object();
  const auto& p = c.raw.at("model").at("params");
  if (!p.contains("cond_stage_config") || !p["cond_stage_config"].is_object()) return none;
  const auto& cs = p["cond_stage_config"];
  return cs.contains("params") && cs["params"].is_object() ? cs["params"] : none;
}

using json = nlohmann::json;

// Published architectures as whole CompVis configs (v1-inference.yaml, v2-inference.yaml: the 512x512
// eps models), built with random weights so that timings need no download. Parameter counts match
// the released checkpoints.
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
  json params = {{"linear_start", 0.00085}, {"linear_end", 0.012}, {"timesteps", 1000}, {"image_size", 64},
                 {"channels", 4}, {"cond_stage_key", "txt"}, {"conditioning_key", "crossattn"},
                 {"scale_factor", 0.18215}, {"use_ema", false},
                 {"unet_config", {{"target", "ldm.modules.diffusionmodules.openaimodel.UNetModel"}, {"params", unet}}},
                 {"first_stage_config", kl}, {"cond_stage_config", cond}};
  return {{"model", {{"target", "ldm.models.diffusion.ddpm.LatentDiffusion"}, {"params", params}}}};
}

// Inputs of one UNet call as the model's samplers make them, for `batch` latents of h x w: the real
// prompt encodings (with the negative prompt's, for guidance) for text models, random tensors of the
// right shapes for the other conditionings.
Conditioning unet_inputs(LatentDiffusion& model, const at::Tensor& text_cond, const at::Tensor& text_uncond,
                         int64_t batch, int64_t h, int64_t w) {
  const LatentDiffusionConfig& c = model.config();
  const auto opts = at::TensorOptions().device(model.device());
  Conditioning cond;
  const std::string& key = c.conditioning_key;
  if (key == "crossattn" || key == "hybrid") {
    if (text_cond.defined()) {
      cond.crossattn = text_uncond.defined() ? at::cat({text_uncond, text_cond}) : text_cond;
    } else {
      const json& cs = model_cond_params(c);
      const int64_t length = c.cond_stage == CondStage::ClassLabel ? 1 : cs.value("max_seq_len", int64_t{77});
      cond.crossattn = at::randn({batch, length, model.unet_config().context_dim}, opts);
    }
  }
  if (key == "concat" || key == "hybrid") {
    const int64_t channels = model.unet_in_channels() - model.latent_channels();
    cond.concat = at::randn({cond.crossattn.defined() ? cond.crossattn.size(0) : batch, channels, h, w}, opts);
  }
  return cond;
}

// Peak memory of the timed part of a run: the process's resident set on the CPU, the caching
// allocator's on CUDA.
// Returns false when the resident-set peak could not be reset (it then counts from the process start).
bool reset_peaks(const at::Device& device) {
  const bool rss = reset_peak_rss();
#ifdef LDM_BENCH_CUDA_STATS
  if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#else
  (void)device;
#endif
  return rss;
}

void report_peaks(const at::Device& device, json* out) {
  (*out)["peak_rss_bytes"] = peak_rss_bytes();
#ifdef LDM_BENCH_CUDA_STATS
  if (device.is_cuda()) {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
    (*out)["peak_cuda_allocated_bytes"] = stats.allocated_bytes[0].peak;  // [0]: StatType::AGGREGATE
    (*out)["peak_cuda_reserved_bytes"] = stats.reserved_bytes[0].peak;
  }
#else
  (void)device;
#endif
}

// Runs f under LibTorch's profiler (CPU and, on CUDA, kernel activity) and writes a Chrome trace.
void write_trace(const std::string& path, const at::Device& device, const std::function<void()>& f) {
#ifdef LDM_BENCH_TRACE
  namespace impl = torch::profiler::impl;
  const impl::ProfilerConfig config(impl::ProfilerState::KINETO);
  std::set<impl::ActivityType> activities{impl::ActivityType::CPU};
  if (device.is_cuda()) activities.insert(impl::ActivityType::CUDA);
  try {
    torch::autograd::profiler::prepareProfiler(config, activities);
    torch::autograd::profiler::enableProfiler(config, activities);
    f();
    if (device.is_cuda()) torch::cuda::synchronize();
    torch::autograd::profiler::disableProfiler()->save(path);
  } catch (const c10::Error&) {
    throw RequestError("--trace: this LibTorch was built without the Kineto profiler (a PyTorch wheel's or the "
                       "official LibTorch archive has it)");
  }
#else
  (void)path;
  (void)device;
  (void)f;
  throw RequestError("--trace: this LibTorch has no profiler");
#endif
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
  r["cuda_fast_paths"] = s.cuda_fast_paths;
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
  // Nor is a count that means nothing replaced by one that does.
  if (o.repeats < 1) throw RequestError("--repeats must be at least 1");
  if (o.batch < 1) throw RequestError("--batch must be at least 1");
  if (o.steps < 0) throw RequestError("--steps must be at least 1 (leave it out for no whole picture)");
  if (o.width < 0 || o.height < 0) throw RequestError("--width and --height must be positive (leave them out for the model's size)");
  const int reps = o.repeats;
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
  if (!o.arch.empty() && !o.config.empty()) throw RequestError("give --arch or --config, not both");
  const bool whole_model = !o.arch.empty() || !o.config.empty();
  if (!o.save_weights.empty() && !whole_model) throw RequestError("--save-weights needs --arch or --config");
  if (o.steps > 0 && !whole_model) throw RequestError("--steps needs --arch or --config");
  if (!o.trace.empty() && !whole_model) throw RequestError("--trace needs --arch or --config");
  if (!o.trace.empty()) write_trace(o.trace + "-unet.json", device, [] {});  // fails now, not after the timings
  if (!whole_model) return out;

  const json config = o.config.empty() ? architecture(o.arch) : load_yaml_as_json(o.config);
  out[o.config.empty() ? "arch" : "config"] = o.config.empty() ? o.arch : o.config;
  // What cannot be timed is refused before the weights are drawn.
  const LatentDiffusionConfig described = LatentDiffusionConfig::from_compvis(config);
  const bool text = described.cond_stage == CondStage::Text;
  if (o.steps > 0 && !(text && described.conditioning_key == "crossattn"))
    throw RequestError("--steps times a text-to-image model's whole picture; this model is not one");
  const nlohmann::json& params = described.raw.at("model").at("params");
  for (const char* part : {"unet_config", "first_stage_config"})
    if (!params.contains(part)) throw LoadError(std::string("config: model.params.") + part + " is missing");
  const int f = static_cast<int>(AutoencoderConfig::from_compvis(params["first_stage_config"], 1.0).downsampling_factor());
  const int multiple = f << (UNetConfig::from_compvis(params["unet_config"]).levels() - 1);
  if (o.width % multiple != 0 || o.height % multiple != 0)
    throw RequestError("--width and --height must be multiples of " + std::to_string(multiple) + " for this model");
  std::shared_ptr<LatentDiffusion> model;
  {
    // The weights: drawn by the modules' own initialisers, in fp32 when they are also written out.
    StateDict weights = LatentDiffusion::random_weights(config, o.save_weights.empty() ? dt : at::kFloat);
    if (!o.save_weights.empty()) {
      save_safetensors(weights, o.save_weights);
      out["saved_weights"] = o.save_weights;
    }
    model = LatentDiffusion::load(config, weights, dt, device);
  }
  release_cpu_cache();
  LatentDiffusion& m = *model;
  const int width = o.width > 0 ? o.width : static_cast<int>(m.native_image_size());
  const int height = o.height > 0 ? o.height : static_cast<int>(m.native_image_size());
  const int64_t h = height / f, w = width / f;
  const int64_t b = o.batch;
  out["size"] = std::to_string(width) + "x" + std::to_string(height);
  out["rss_after_load_bytes"] = current_rss_bytes();
  out["unet_params"] = count_parameters(m.unet());
  // The peaks below are those of the timed part, with the model loaded (not the weights' random draws).
  out["peak_rss_from"] = reset_peaks(device) ? "after loading" : "process start";

  // Text encoder: the prompt and, for guidance, the negative prompt of each image.
  const std::vector<std::string> prompts(static_cast<size_t>(b), kPrompt);
  const std::vector<std::string> negatives(static_cast<size_t>(b), "");
  std::shared_ptr<const Tokenizer> tokenizer;
  at::Tensor text_cond, text_uncond;
  if (text) {
    tokenizer = tokenizer_for(m);
    std::vector<std::string> warnings;
    out["text_encoder_b" + std::to_string(2 * b)] = time_it(reps, device, [&] {
      encode_prompt_pair(m, *tokenizer, prompts, negatives, true, &text_cond, &text_uncond, &warnings);
    });
    out["text_encoder_params"] = count_parameters(*m.cond_stage());
  }
  // One UNet call as a sampler step makes it: with guidance (text models) a doubled batch.
  const Conditioning cond = unet_inputs(m, text_cond, text_uncond, b, h, w);
  const int64_t calls = cond.batch() > 0 ? cond.batch() : b;
  const at::Tensor x = at::randn({calls, m.latent_channels(), h, w}, at::TensorOptions().device(device));
  const at::Tensor t = at::full({calls}, 500, at::TensorOptions().dtype(at::kLong).device(device));
  const std::string unet_key = text ? "unet_step_cfg_b" + std::to_string(b) : "unet_call_b" + std::to_string(b);
  const std::function<void()> unet_step = [&] { (void)m.apply_model(x, t, cond); };
  out["cuda_graphs"] = m.cuda_graphs();
  // On the CPU, the most bytes one call holds in tensors (the caching allocator's count) beside the
  // estimate the engine's memory check uses for it (UNetConfig::forward_peak_bytes).
  const bool count_tensors = !device.is_cuda() && install_cpu_caching_allocator();
  const auto tensors_before = static_cast<int64_t>(cpu_cache_stats().allocated_bytes);
  if (count_tensors) reset_cpu_peak();
  out[unet_key] = time_it(reps, device, unet_step);
  if (count_tensors) {
    out["unet_call_peak_tensor_bytes"] = static_cast<int64_t>(cpu_cache_stats().peak_allocated_bytes) - tensors_before;
    out["unet_call_estimated_bytes"] =
        m.unet_config().forward_peak_bytes(calls, h, w, static_cast<int64_t>(c10::elementSize(m.dtype())));
  }
  if (m.cuda_graphs()) {
    // The same call without the graph, and how far the two results are apart (the same kernels:
    // expected 0).
    const at::Tensor replayed = m.apply_model(x, t, cond);
    m.set_cuda_graphs(false);
    out[unet_key + "_no_graph"] = time_it(reps, device, unet_step);
    out["unet_graph_vs_direct_max_abs"] = (replayed - m.apply_model(x, t, cond)).abs().max().item<double>();
    m.set_cuda_graphs(true);
  }
  release_cpu_cache();  // as the pipelines do before the decode
  const at::Tensor z = at::randn({b, m.latent_channels(), h, w}, at::TensorOptions().device(device));
  const std::string decode_key = "vae_decode_b" + std::to_string(b);
  out[decode_key] = time_it(std::max(1, reps / 2), device, [&] { (void)m.decode_first_stage(z); });
  // The whole picture as `ldm txt2img` makes it: text encoding, `steps` DDIM steps with guidance 7.5,
  // the decode and the copy to an 8-bit host image; warmed up by a 1-step picture.
  if (o.steps > 0) {
    SamplerSettings s;
    s.sampler = "ddim";
    s.steps = o.steps;
    s.guidance_scale = 7.5;
    SamplerSettings warm = s;
    warm.steps = 1;
    auto picture = [&](const SamplerSettings& settings) {
      const PipelineResult r = txt2img(m, *tokenizer, prompts, "", width, height, settings, 1);
      for (int64_t i = 0; i < r.image01.size(0); ++i) (void)tensor01_to_image(r.image01.narrow(0, i, 1));
    };
    json timing = time_it(std::max(1, reps / 2), device, [&] { picture(s); }, [&] { picture(warm); });
    timing["sampler"] = s.sampler;
    timing["guidance_scale"] = s.guidance_scale;
    out["image_" + std::to_string(o.steps) + "_steps_b" + std::to_string(b)] = timing;
  }
  report_peaks(device, &out);
  // A CUDA fast path's other setting, on the same model and inputs: the UNet call and the decode timed
  // with `set(!current)` (keys unet_key/decode_key + suffix), how far the results move (`what`_unet_max_abs,
  // `what`_vae_max_abs), then the setting put back. Graphs replay the kernels they captured: each setting
  // captures again.
  const auto time_other_setting = [&](const std::string& what, const std::string& suffix, bool current,
                                      const std::function<void(bool)>& set) {
    m.clear_cuda_graphs();
    const at::Tensor unet_before = m.apply_model(x, t, cond), image_before = m.decode_first_stage(z);
    set(!current);
    m.clear_cuda_graphs();
    out[what + "_unet_max_abs"] = (m.apply_model(x, t, cond) - unet_before).abs().max().item<double>();
    out[what + "_vae_max_abs"] = (m.decode_first_stage(z) - image_before).abs().max().item<double>();
    out[unet_key + suffix] = time_it(reps, device, unet_step);
    out[decode_key + suffix] = time_it(std::max(1, reps / 2), device, [&] { (void)m.decode_first_stage(z); });
    set(current);
    m.clear_cuda_graphs();
  };
  if (device.is_cuda() && dt != at::kFloat) {
    // The half-precision norm fast path (core/nn/group_norm32.h).
    const bool native = cuda_native_norms();
    time_other_setting("norms", native ? "_norms_upcast" : "_norms_native", native, set_cuda_native_norms);
  }
  if (device.is_cuda() && cuda_kernels_enabled()) {
    // Our CUDA kernels (core/nn/cuda_kernels.h: GroupNorm+SiLU, GEGLU, bias) against LibTorch's.
    time_other_setting("kernels", "_libtorch_kernels", true, set_cuda_kernels);
  }
  out["cuda_kernels"] = cuda_kernels_enabled();
  if (!o.trace.empty()) {
    const bool graphs = m.cuda_graphs();
    m.set_cuda_graphs(false);
    write_trace(o.trace + "-unet.json", device, [&] { unet_step(); unet_step(); });
    write_trace(o.trace + "-vae.json", device, [&] { (void)m.decode_first_stage(z); });
    m.set_cuda_graphs(graphs);
    out["traces"] = {o.trace + "-unet.json", o.trace + "-vae.json"};
  }
  if (device.is_cuda() && dt != at::kFloat) {
    // The convolution weights' other memory format (LatentDiffusion::set_channels_last).
    const bool channels_last = m.channels_last();
    try {
      time_other_setting("channels_last", channels_last ? "_nchw" : "_channels_last", channels_last,
                         [&](bool on) { m.set_channels_last(on); });
    } catch (const std::exception& e) {
      std::string what = e.what();
      if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
      out["channels_last_error"] = what;
      m.set_channels_last(channels_last);
    }
  }
  out["channels_last"] = m.channels_last();
  return out;
}

}  // namespace ldm
