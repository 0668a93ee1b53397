#pragma once
// The `ldm` subcommands. Each returns the process exit code (see main.cpp for their meaning).
#include "app/cli/args.h"
#include <string>

#include "core/api/generation_request.h"

namespace ldm::cli {

int cmd_info(const Args& args);
int cmd_bench(const Args& args);
// txt2img, img2img, inpaint, layout, upscale (needs the imaging library).
int cmd_generate(Task task, const Args& args);
// train autoencoder|diffusion|export|bundle (what = argv[2]); dataset writes shapes-world samples.
int cmd_train(const Args& args, const std::string& what);
int cmd_dataset(const Args& args);

}  // namespace ldm::cli
