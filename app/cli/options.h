#pragma once
// The `ldm` commands and their options: the one table that parsing (which options take a value,
// which are unknown), `ldm --help` / `ldm COMMAND --help` and the docs check (tests/cli) read.
#include <string>
#include <vector>

namespace ldm::cli {

struct OptionSpec {
  std::string name;   // without "--"
  std::string value;  // what it takes ("PATH", "N"); empty for a flag
  std::string help;
};

struct CommandSpec {
  std::string name;      // "txt2img", or "train autoencoder"
  std::string summary;   // one line
  std::vector<OptionSpec> options;

  const OptionSpec* find(const std::string& option) const;
};

const std::vector<CommandSpec>& command_specs();
// The command named `name` ("train bundle" for the train subcommands), or nullptr.
const CommandSpec* find_command(const std::string& name);

// "usage: ldm NAME [options]" with every option and its help.
std::string command_help(const CommandSpec& command);
// The list of commands with their summaries.
std::string overview_help();

}  // namespace ldm::cli
