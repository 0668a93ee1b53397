#pragma once
// The `ldm` subcommands. Each returns the process exit code (see main.cpp for their meaning).
#include "app/cli/args.h"

namespace ldm::cli {

int cmd_info(const Args& args);

}  // namespace ldm::cli
