// ldm: the command-line interface of LDM Studio (docs/ARCHITECTURE.md, docs/cli.md).
// Exit codes: 0 success; 2 usage error (bad options); 3 bad model or input file; 4 bad request
// (size, steps, sampler, mask); 1 any other failure (out of memory, I/O); 130 cancelled.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/options.h"
#include "core/api/generation_request.h"
#include "core/error.h"
#include "core/runtime/runtime.h"
#include "core/text/strings.h"

namespace {

bool is_help(const char* arg) { return std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0; }

}  // namespace

int main(int argc, char** argv) {
  ldm::init_runtime(argc, argv);
  using ldm::cli::Args;
  using ldm::cli::find_command;
  if (argc < 2 || is_help(argv[1])) {
    std::fputs(ldm::cli::overview_help().c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::printf("ldm %s\n", LDM_STUDIO_VERSION);
    return 0;
  }
  std::string cmd = argv[1];
  int first = 2;
  if (cmd == "train" && argc >= 3 && argv[2][0] != '-') {
    cmd += std::string(" ") + argv[2];
    first = 3;
  }
  try {
    const ldm::cli::CommandSpec* spec = find_command(cmd);
    if (spec == nullptr) {
      if (cmd == "train") {
        if (argc > first && is_help(argv[first])) {
          std::fputs(ldm::cli::overview_help().c_str(), stdout);  // it lists the stages
          return 0;
        }
        throw ldm::cli::UsageError{"a stage is required: autoencoder, diffusion, export or bundle"};
      }
      std::vector<std::string> names;
      for (const auto& c : ldm::cli::command_specs()) names.push_back(c.name);
      std::fprintf(stderr, "ldm: unknown command '%s'%s\n%s", cmd.c_str(), ldm::text::did_you_mean(cmd, names).c_str(),
                   ldm::cli::overview_help().c_str());
      return 2;
    }
    if (argc > first && is_help(argv[first])) {
      std::fputs(ldm::cli::command_help(*spec).c_str(), stdout);
      return 0;
    }
    const Args args(argc, argv, first, *spec);
    if (cmd == "info") return ldm::cli::cmd_info(args);
    if (cmd == "bench") return ldm::cli::cmd_bench(args);
    if (cmd == "dataset") return ldm::cli::cmd_dataset(args);
    if (cmd.rfind("train ", 0) == 0) return ldm::cli::cmd_train(args, cmd.substr(6));
    ldm::Task task;
    if (!ldm::task_from_name(cmd, &task)) throw ldm::cli::UsageError{"unknown command"};
#ifdef LDM_HAVE_IMAGING
    return ldm::cli::cmd_generate(task, args);
#else
    std::fprintf(stderr, "ldm %s: this build has no image support (configure with LDM_BUILD_IMAGING=ON)\n", cmd.c_str());
    return 2;
#endif
  } catch (const ldm::cli::UsageError& e) {
    std::fprintf(stderr, "ldm %s: %s (see ldm %s --help)\n", cmd.c_str(), e.message.c_str(), cmd.c_str());
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
