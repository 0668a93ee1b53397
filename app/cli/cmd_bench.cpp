// ldm bench [--arch sd15|sd21 | --config YAML] [--steps N] [--device cpu|cuda] [--precision fp32|fp16|bf16]
//           [--repeats N] [--trace PREFIX] [--json]
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/bench/bench.h"

namespace ldm::cli {

int cmd_bench(const Args& args) {
  BenchOptions o;
  o.arch = args.get("arch");
  o.config = args.get("config");
  o.steps = args.get_int("steps", 0);
  o.device = args.get("device", "cpu");
  o.precision = args.get("precision", "fp32");
  o.repeats = args.get_int("repeats", 5);
  o.width = args.get_int("width", 0);
  o.height = args.get_int("height", 0);
  o.batch = args.get_int("batch", 1);
  o.save_weights = args.get("save-weights");
  o.trace = args.get("trace");
  nlohmann::json r = run_benchmarks(o);
  if (args.flag("json")) {
    std::cout << r.dump(2) << "\n";
    return 0;
  }
  const auto& rt = r["runtime"];
  std::cout << "LibTorch " << rt["libtorch"].get<std::string>() << ", " << rt["threads"].get<int>() << " threads, OpenBLAS core "
            << rt["openblas_coretype"].get<std::string>() << ", device " << o.device << " " << r["dtype"].get<std::string>() << "\n";
  for (auto it = r.begin(); it != r.end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("median_ms")) continue;
    std::printf("  %-28s median %9.2f ms   min %9.2f ms\n", it.key().c_str(), it.value()["median_ms"].get<double>(),
                it.value()["min_ms"].get<double>());
  }
  const double gib = 1024.0 * 1024 * 1024;
  if (r.contains("size")) std::printf("  size %s, UNet %.0f M parameters\n", r["size"].get<std::string>().c_str(), r["unet_params"].get<double>() / 1e6);
  if (r.contains("peak_rss_bytes") && r.contains("rss_after_load_bytes"))
    std::printf("  resident after loading %.2f GiB, peak while timing %.2f GiB\n", r["rss_after_load_bytes"].get<double>() / gib,
                r["peak_rss_bytes"].get<double>() / gib);
  if (r.contains("unet_call_peak_tensor_bytes"))
    std::printf("  one UNet call: %.2f GiB in tensors at its peak, %.2f GiB estimated (the engine's memory check)\n",
                r["unet_call_peak_tensor_bytes"].get<double>() / gib, r["unet_call_estimated_bytes"].get<double>() / gib);
  if (r.contains("peak_cuda_allocated_bytes"))
    std::printf("  peak GPU memory %.2f GiB allocated, %.2f GiB reserved\n", r["peak_cuda_allocated_bytes"].get<double>() / gib,
                r["peak_cuda_reserved_bytes"].get<double>() / gib);
  return 0;
}

}  // namespace ldm::cli
