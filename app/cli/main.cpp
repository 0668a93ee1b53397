// ldm: the command-line interface of LDM Studio (ARCHITECTURE.md, "Command line").
// Exit codes: 0 success; 2 usage error (bad options); 3 bad model or input file; 4 bad request
// (size, steps, sampler, mask); 1 any other failure (out of memory, I/O); 130 cancelled.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include "app/cli/commands.h"
#include "core/api/generation_request.h"
#include "core/error.h"
#include "core/runtime/runtime.h"

namespace {

void usage(FILE* to) {
  std::fputs(
      "usage: ldm <command> [options]\n"
      "commands:\n"
      "  txt2img  [--model PATH] --prompt TEXT [--negative TEXT] [--width W] [--height H] [--steps N]\n"
      "           [--sampler ddim|plms|ddpm|euler|euler_a|heun|lms|dpmpp_2m] [--karras] [--eta E] [--cfg S]\n"
      "           [--seed N] [--batch N] [--device cpu|cuda] [--precision fp32|fp16|bf16] --output FILE.png\n"
      "  img2img  ...txt2img options... --init IMAGE [--strength S]\n"
      "  inpaint  [--model PATH] --image IMAGE --mask MASK [--prompt TEXT] [--feather PX] [sampler options] --output FILE.png\n"
      "  layout   [--model PATH] (--box \"LABEL:x0,y0,x1,y1\" ... | --layout FILE.json) [size, sampler options] --output FILE.png\n"
      "  upscale  [--model PATH] --image IMAGE [--strength S (0.5)] [--steps N] [--sampler S] [--eta E] [--seed N] [--tile PX]\n"
      "           [--tile-stride PX] [--no-match-input] [--from-noise] --output FILE.png\n"
      "  (every generation command: --from-png FILE.png regenerates from a PNG's metadata; --json prints a summary)\n"
      "  info     --model PATH [--json] [--config YAML] [--no-config] [--ema auto|on|off]\n"
      "           architecture, components, parameter counts, dtype, EMA, config source\n"
      "  bench    [--arch sd15|sd21] [--width W] [--height H] [--batch N] [--device cpu|cuda]\n"
      "           [--precision fp32|fp16|bf16] [--repeats N] [--json]\n"
      "           timings of BLAS/convolution kernels and, with --arch, the full-size text encoder, one\n"
      "           guided UNet step and the VAE decode (random weights: no download needed)\n"
      "  train    autoencoder [--config YAML] --out DIR | diffusion --config YAML --autoencoder DIR --out DIR [--init MODEL]\n"
      "           | export --model DIR --out DIR | bundle --out DIR [--work DIR]\n"
      "           ([--steps N] [--step-scale X] [--device auto|cpu|cuda] [--resume] [--json])\n"
      "           the paper's two training stages on the shapes-world dataset; bundle reproduces resources/models\n"
      "           (on a GPU when there is one; --step-scale 10 trains every stage 10x longer)\n"
      "  dataset  --out DIR [--count N] [--seed S] [--size PX]   shapes-world samples with captions and boxes\n"
      "run 'ldm <command> --help' for the options of a command; see README.md\n",
      to);
}

}  // namespace

int main(int argc, char** argv) {
  ldm::init_runtime(argc, argv);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  try {
    if (argc >= 3 && (std::strcmp(argv[2], "--help") == 0 || std::strcmp(argv[2], "-h") == 0)) {
      usage(stdout);
      return 0;
    }
    if (cmd == "info") {
      return ldm::cli::cmd_info(ldm::cli::Args(argc, argv, 2, {"json", "no-config"}));
    }
    if (ldm::Task task; ldm::task_from_name(cmd, &task)) {
#ifdef LDM_HAVE_IMAGING
      return ldm::cli::cmd_generate(task, ldm::cli::Args(argc, argv, 2, {"json", "karras", "quiet", "no-match-input", "from-noise"}));
#else
      std::fprintf(stderr, "ldm %s: this build has no image support (configure with LDM_BUILD_IMAGING=ON)\n", cmd.c_str());
      return 2;
#endif
    }
    if (cmd == "train") {
      if (argc < 3) throw ldm::cli::UsageError{"ldm train expects autoencoder, diffusion, export or bundle"};
      return ldm::cli::cmd_train(ldm::cli::Args(argc, argv, 3, {"json", "resume"}), argv[2]);
    }
    if (cmd == "dataset") {
      return ldm::cli::cmd_dataset(ldm::cli::Args(argc, argv, 2, {}));
    }
    if (cmd == "bench") {
      return ldm::cli::cmd_bench(ldm::cli::Args(argc, argv, 2, {"json"}));
    }
    std::fprintf(stderr, "ldm: unknown command '%s'\n", cmd.c_str());
    usage(stderr);
    return 2;
  } catch (const ldm::cli::UsageError& e) {
    std::fprintf(stderr, "ldm %s: %s (see ldm --help)\n", cmd.c_str(), e.message.c_str());
    return 2;
  } catch (const ldm::LoadError& e) {
    std::fprintf(stderr, "ldm %s: %s\n", cmd.c_str(), e.what());
    return 3;
  } catch (const ldm::RequestError& e) {
    std::fprintf(stderr, "ldm %s: %s\n", cmd.c_str(), e.what());
    return 4;
  } catch (const ldm::Cancelled&) {
    std::fprintf(stderr, "ldm %s: cancelled\n", cmd.c_str());
    return 130;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "ldm %s: out of memory; try a smaller size, batch or --tile\n", cmd.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::string msg = e.what();
    const size_t nl = msg.find('\n');
    if (nl != std::string::npos) msg = msg.substr(0, nl);  // LibTorch errors carry a backtrace
    std::fprintf(stderr, "ldm %s: %s\n", cmd.c_str(), msg.c_str());
    return 1;
  }
}
