#include "core/io/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ldm {

namespace {

// JSON strings must be UTF-8 (nlohmann's dump() throws on anything else, and error messages dump
// config values); YAML text must be Unicode anyway.
bool valid_utf8(const std::string& s) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = byte(i);
    size_t n;  // continuation bytes
    if (c < 0x80) n = 0;
    else if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2;
    else if (c >= 0xF0 && c <= 0xF4) n = 3;
    else return false;
    if (i + n >= s.size() + (n == 0)) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
    }
    if ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F) ||  // overlong, surrogates
        (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) > 0x8F))    // overlong, > U+10FFFF
      return false;
    i += n + 1;
  }
  return true;
}

std::string checked_utf8(const std::string& s) {
  if (!valid_utf8(s)) throw LoadError("a value or key is not valid UTF-8");
  return s;
}

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& s = checked_utf8(node.Scalar());
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

// yaml-cpp resolves aliases to the anchored node itself: `a: &x [{b: *x}]` is a cycle and a few nested
// aliases of aliases expand exponentially ("billion laughs"). A config is a few hundred nodes, a few
// levels deep; these limits only stop crafted files (which would otherwise overflow the stack or
// exhaust memory).
constexpr int kMaxDepth = 64;
constexpr size_t kMaxNodes = 1u << 20;

struct Budget {
  size_t nodes = 0;
};

nlohmann::json to_json(const YAML::Node& node, int depth, Budget& budget) {
  if (depth > kMaxDepth) throw LoadError("nested more than " + std::to_string(kMaxDepth) + " levels deep (a recursive YAML alias?)");
  if (++budget.nodes > kMaxNodes) throw LoadError("more than " + std::to_string(kMaxNodes) + " values (YAML aliases expanding?)");
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(node);
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& child : node) arr.push_back(to_json(child, depth + 1, budget));
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) obj[checked_utf8(kv.first.as<std::string>())] = to_json(kv.second, depth + 1, budget);
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
    Budget budget;
    return to_json(YAML::Load(text), 0, budget);
  } catch (const YAML::Exception& e) {
    throw LoadError(origin + ": not valid YAML (line " + std::to_string(e.mark.line + 1) + "): " + e.msg);
  } catch (const LoadError& e) {
    throw LoadError(origin + ": " + e.what());
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
