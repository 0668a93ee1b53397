// ldm_gpu_check: the fixture parity checks on a CUDA device (no Qt needed, so it builds on the GPU
// machine with the PyTorch wheel's LibTorch). For each fixture: the UNet output in fp32 against the
// reference within its README tolerance, fp16/bf16 against fp32 loosely, the CUDA graph replay of
// apply_model against the direct call (must be equal), and a whole DDIM txt2img run (sd1-tiny,
// sd2-tiny, ldm-txt2img-tiny; its UNet calls replay graphs) against the reference final latent.
// Prints a table; exit code 0 only if every fp32 check and every graph check passes.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/models/unet_model.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/runtime/runtime.h"
#include "core/sampling/model_wrapper.h"
#include "core/text/tokenizer.h"

using namespace ldm;

namespace {

int failures = 0;

void report(const std::string& fixture, const std::string& what, const std::string& prec, double max_abs, double tol,
            bool must_pass) {
  const bool ok = max_abs <= tol;
  if (must_pass && !ok) ++failures;
  std::printf("| %-16s | %-22s | %-5s | %10.3e | %8.1e | %s |\n", fixture.c_str(), what.c_str(), prec.c_str(), max_abs, tol,
              ok ? "ok" : (must_pass ? "FAIL" : "loose"));
}

double max_diff(const at::Tensor& a, const at::Tensor& b) {
  return (a.to(at::kDouble).cpu() - b.to(at::kDouble).cpu()).abs().max().item<double>();
}

}  // namespace

int main(int argc, char** argv) {
  init_runtime(argc, argv);
  const std::string data = argc > 1 ? argv[1] : "tests/data";
  if (!torch::cuda::is_available()) {
    std::printf("no CUDA device: nothing to check\n");
    return 2;
  }
  torch::InferenceMode guard;
  const at::Device cuda(at::kCUDA);
  std::printf("| fixture          | check                  | prec  |   max|diff| |      tol | result |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const std::string fx : {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny"}) {
    const std::string dir = data + "/" + fx;
    LoadedModel m = open_model(dir);
    StateDict ref = load_safetensors(dir + "/reference.safetensors");
    for (const auto& [prec, dt] : std::vector<std::pair<std::string, at::ScalarType>>{
             {"fp32", at::kFloat}, {"fp16", at::kHalf}, {"bf16", at::kBFloat16}}) {
      auto model = LatentDiffusion::load(m.desc.config, m.weights, dt, cuda);
      if (ref.contains("unet_out")) {
        at::Tensor x = ref.get("unet_x").to(cuda), t = ref.get("unet_t").to(cuda), c = ref.get("unet_context").to(cuda);
        at::Tensor out = model->unet().forward(x.to(dt), t, c.to(dt)).to(at::kFloat);
        report(fx, "unet_out", prec, max_diff(out, ref.get("unet_out")), prec == "fp32" ? 1e-4 : 5e-2, prec == "fp32");
        if (model->cuda_graphs()) {
          // apply_model replays a CUDA graph (captured on the first call): the same as the direct call.
          Conditioning cond;
          cond.crossattn = c;
          const at::Tensor xf = x.to(at::kFloat);
          (void)model->apply_model(xf, t, cond);
          const at::Tensor replayed = model->apply_model(xf, t, cond);
          model->set_cuda_graphs(false);
          const at::Tensor direct = model->apply_model(xf, t, cond);
          model->set_cuda_graphs(true);
          report(fx, "graph replay == direct", prec, max_diff(replayed, direct), prec == "fp32" ? 1e-5 : 1e-2, true);
        }
      }
      if (ref.contains("ddim_final") && ref.contains("t2i_x_T")) {
        auto tok = make_tokenizer(tokenizer_kind_for(*model));
        SamplerSettings o;
        o.sampler = "ddim";
        o.steps = 10;
        o.guidance_scale = 7.5;
        const auto t0 = std::chrono::steady_clock::now();
        PipelineResult r = txt2img(*model, *tok, {"a red circle"}, "", 16, 16, o, 42);
        torch::cuda::synchronize();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        report(fx, "ddim10 (" + std::to_string(static_cast<int>(ms)) + " ms, " + std::to_string(model->cuda_graph_replays()) + " rep)", prec,
               max_diff(r.latent, ref.get("ddim_final")), prec == "fp32" ? 5e-3 + 1e-3 * 50 : 1.0, prec == "fp32");
      }
    }
  }
  std::printf("\n%d check(s) failed (fp32 parity, graph replay)\n", failures);
  return failures == 0 ? 0 : 1;
}
