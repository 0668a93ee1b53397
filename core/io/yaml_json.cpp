#include "core/io/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ldm {

namespace {

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return s;  // quoted: always a string
  if (s == "~" || s == "null" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (end != s.c_str() && *end == '\0' && errno == 0) return v;
  }
  {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    bool looks_numeric = s.find_first_of("0123456789") != std::string::npos &&
                         s.find_first_not_of("0123456789+-.eE") == std::string::npos;
    if (end != s.c_str() && *end == '\0' && looks_numeric) return v;
  }
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& child : node) arr.push_back(to_json(child));
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = to_json(kv.second);
      return obj;
    }
  }
  return nullptr;
}

}  // namespace

nlohmann::json parse_yaml_as_json(const std::string& text, const std::string& origin) {
  try {
    return to_json(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw LoadError(origin + ": not valid YAML (line " + std::to_string(e.mark.line + 1) + "): " + e.msg);
  }
}

nlohmann::json load_yaml_as_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_yaml_as_json(ss.str(), path);
}

}  // namespace ldm
