// ldm bench [--arch sd15|sd21] [--device cpu|cuda] [--precision fp32|fp16|bf16] [--repeats N] [--json]
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/bench/bench.h"

namespace ldm::cli {

int cmd_bench(const Args& args) {
  BenchOptions o;
  o.arch = args.get("arch");
  o.device = args.get("device", "cpu");
  o.precision = args.get("precision", "fp32");
  o.repeats = args.get_int("repeats", 5);
  o.width = args.get_int("width", 0);
  o.height = args.get_int("height", 0);
  o.batch = args.get_int("batch", 1);
  o.save_weights = args.get("save-weights");
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
  return 0;
}

}  // namespace ldm::cli
