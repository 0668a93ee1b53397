#pragma once
// A small command-line parser for the `ldm` subcommands: --key value, --flag, repeated keys.
#include <map>
#include <string>
#include <vector>

namespace ldm::cli {

struct CommandSpec;

class Args {
 public:
  // Parses argv[first..] against the command's option table (app/cli/options.h): flags take no value;
  // an option the command does not have is a UsageError, as is bad syntax.
  Args(int argc, char** argv, int first, const CommandSpec& command);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  std::string get(const std::string& key, const std::string& def = "") const;
  std::vector<std::string> all(const std::string& key) const;
  int get_int(const std::string& key, int def) const;
  long long get_int64(const std::string& key, long long def) const;
  double get_double(const std::string& key, double def) const;
  bool flag(const std::string& key) const { return has(key); }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

struct UsageError {
  std::string message;
};

}  // namespace ldm::cli
