#pragma once
// A small command-line parser for the `ldm` subcommands: --key value, --flag, repeated keys.
#include <map>
#include <string>
#include <vector>

namespace ldm::cli {

class Args {
 public:
  // Parses argv[first..]. `flags` are options without a value. Throws UsageError on bad syntax.
  Args(int argc, char** argv, int first, const std::vector<std::string>& flags);

  bool has(const std::string& key) const { return values_.count(key) != 0; }
  std::string get(const std::string& key, const std::string& def = "") const;
  std::vector<std::string> all(const std::string& key) const;
  int get_int(const std::string& key, int def) const;
  long long get_int64(const std::string& key, long long def) const;
  double get_double(const std::string& key, double def) const;
  bool flag(const std::string& key) const { return has(key); }
  // Fails (UsageError) if an option outside `known` was given.
  void check_known(const std::vector<std::string>& known) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

struct UsageError {
  std::string message;
};

}  // namespace ldm::cli
