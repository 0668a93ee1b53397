#include "app/cli/args.h"

#include "app/cli/options.h"
#include "core/text/strings.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace ldm::cli {

Args::Args(int argc, char** argv, int first, const CommandSpec& command) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) throw UsageError{"unexpected argument '" + a + "'"};
    std::string key = a.substr(2);
    std::string value;
    const size_t eq = key.find('=');
    if (eq != std::string::npos) key = key.substr(0, eq);
    const OptionSpec* spec = command.find(key);
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto& o : command.options) names.push_back(o.name);
      throw UsageError{"unknown option --" + key + " for 'ldm " + command.name + "'" + text::did_you_mean(key, names, "--")};
    }
    if (eq != std::string::npos) {
      value = a.substr(2 + eq + 1);
    } else if (spec->value.empty()) {
      value = "1";
    } else {
      if (i + 1 >= argc) throw UsageError{"option --" + key + " needs a value"};
      value = argv[++i];
    }
    values_[key].push_back(value);
  }
}

std::string Args::get(const std::string& key, const std::string& def) const {
  auto it = values_.find(key);
  return it == values_.end() ? def : it->second.back();
}

std::vector<std::string> Args::all(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

long long Args::get_int64(const std::string& key, long long def) const {
  if (!has(key)) return def;
  const std::string v = get(key);
  char* end = nullptr;
  errno = 0;
  long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0) throw UsageError{"--" + key + " expects an integer, got '" + v + "'"};
  return x;
}

int Args::get_int(const std::string& key, int def) const {
  long long x = get_int64(key, def);
  if (x < -2147483647LL || x > 2147483647LL) throw UsageError{"--" + key + " is out of range"};
  return static_cast<int>(x);
}

double Args::get_double(const std::string& key, double def) const {
  if (!has(key)) return def;
  const std::string v = get(key);
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0') throw UsageError{"--" + key + " expects a number, got '" + v + "'"};
  return x;
}

}  // namespace ldm::cli
