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

void emit(YAML::Emitter& out, const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::object:
      out << YAML::BeginMap;
      for (auto it = v.begin(); it != v.end(); ++it) {
        out << YAML::Key << it.key() << YAML::Value;
        emit(out, it.value());
      }
      out << YAML::EndMap;
      break;
    case nlohmann::json::value_t::array: {
      bool flat = true;
      for (const auto& e : v) flat = flat && !e.is_structured();
      out << (flat ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
      for (const auto& e : v) emit(out, e);
      out << YAML::EndSeq;
      break;
    }
    case nlohmann::json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      // Keep strings strings: anything our reader would type as a scalar gets quoted.
      const nlohmann::json back = scalar_to_json(YAML::Node(s));
      if (!back.is_string() || s.empty()) out << YAML::DoubleQuoted << s;
      else out << s;
      break;
    }
    case nlohmann::json::value_t::boolean: out << (v.get<bool>() ? "true" : "false"); break;
    case nlohmann::json::value_t::null: out << YAML::Null; break;
    case nlohmann::json::value_t::number_float: {
      std::ostringstream ss;
      ss.precision(17);
      ss << v.get<double>();
      std::string t = ss.str();
      if (t.find_first_of(".eEn") == std::string::npos) t += ".0";  // stays a float when read back
      out << t;
      break;
    }
    default: out << v.dump(); break;  // integers
  }
}

}  // namespace

std::string json_to_yaml(const nlohmann::json& value) {
  YAML::Emitter out;
  emit(out, value);
  return std::string(out.c_str()) + "\n";
}

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
