#pragma once
// YAML -> JSON: configs (CompVis config.yaml) are read once with yaml-cpp and then handled as
// nlohmann::json everywhere, so that config structs need only one parser.
#include <nlohmann/json.hpp>

#include <string>

namespace ldm {

// Parses a YAML file. Scalars become numbers/bools/null where YAML would type them so
// ("1e-4", "true", "~"), strings otherwise. Throws LoadError naming the file on a syntax error.
nlohmann::json load_yaml_as_json(const std::string& path);
nlohmann::json parse_yaml_as_json(const std::string& text, const std::string& origin = "<string>");
// JSON -> block-style YAML that load_yaml_as_json (and OmegaConf) read back to the same values
// (strings that would read as numbers, booleans or null are quoted).
std::string json_to_yaml(const nlohmann::json& value);

}  // namespace ldm
