#include "core/layout/layout_classes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/error.h"
#include "core/runtime/resources.h"
#include "core/text/strings.h"

namespace ldm {
namespace {

using text::ascii_lower;
using text::trim;

}  // namespace

LayoutClasses LayoutClasses::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open the layout class list " + path + ": reinstall LDM Studio or set LDM_RESOURCES_DIR");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw LoadError("the layout class list " + path + " is not valid JSON: " + e.what());
  }
  if (!j.contains("classes") || !j["classes"].is_array())
    throw LoadError("the layout class list " + path + " has no \"classes\" array");
  LayoutClasses out;
  for (const auto& c : j["classes"]) {
    LayoutClass lc;
    lc.number = c.at("number").get<int>();
    lc.id = c.at("id").get<std::string>();
    lc.name = c.at("name").get<std::string>();
    if (lc.number != static_cast<int>(out.classes_.size()))
      throw LoadError("the layout class list " + path + " is not numbered 0, 1, 2, ... (at " + lc.name + ")");
    out.by_key_.emplace(ascii_lower(lc.name), lc.number);
    out.by_key_.emplace(ascii_lower(lc.id), lc.number);
    out.classes_.push_back(std::move(lc));
  }
  return out;
}

std::string LayoutClasses::default_path() { return resource_path("layout/openimages-layout-classes.json"); }

const LayoutClasses& LayoutClasses::openimages() {
  static const LayoutClasses classes = load(default_path());
  return classes;
}

const LayoutClass& LayoutClasses::at(int number) const {
  if (number < 0 || number >= size())
    throw RequestError("layout class number " + std::to_string(number) + " is out of range: use 0.." +
                       std::to_string(size() - 1) + " or a class name");
  return classes_[static_cast<size_t>(number)];
}

std::optional<int> LayoutClasses::find(const std::string& name_or_id) const {
  const auto it = by_key_.find(ascii_lower(trim(name_or_id)));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

int LayoutClasses::resolve(const std::string& name_or_id) const {
  if (auto n = find(name_or_id)) return *n;
  // Suggest a class whose name contains the label (or the other way round).
  const std::string key = ascii_lower(trim(name_or_id));
  std::string suggestion;
  for (const auto& c : classes_) {
    const std::string n = ascii_lower(c.name);
    if (!key.empty() && (n.find(key) != std::string::npos || key.find(n) != std::string::npos)) {
      suggestion = c.name;
      break;
    }
  }
  if (suggestion.empty()) {  // a typo: "red circel"
    std::vector<std::string> names;
    for (const auto& c : classes_) names.push_back(c.name);
    suggestion = text::nearest_name(name_or_id, names);
  }
  if (!suggestion.empty())
    throw RequestError("unknown layout class \"" + name_or_id + "\": did you mean \"" + suggestion + "\"?");
  // A short list (the bundled model's 40 shapes) fits in the message; a long one is a command away.
  std::string known;
  if (classes_.size() <= 60)
    for (const auto& c : classes_) known += (known.empty() ? "" : ", ") + c.name;
  throw RequestError("unknown layout class \"" + name_or_id + "\": " +
                     (known.empty() ? std::string("`ldm info --model MODEL --classes` lists the model's classes")
                                    : "the model's classes are " + known));
}

const LayoutClasses& LayoutClasses::for_model(const nlohmann::json& config, const std::string& model_dir) {
  namespace fs = std::filesystem;
  if (!(config.contains("layout") && config["layout"].is_object() && config["layout"].contains("classes")))
    return openimages();
  if (!config["layout"]["classes"].is_string()) throw LoadError("config: layout.classes must be a file name");
  const fs::path relative(config["layout"]["classes"].get<std::string>());
  // A model folder names its own files: nothing absolute, nothing above the folder.
  for (const auto& part : relative) {
    if (part == "..") throw LoadError("config: layout.classes '" + relative.string() + "' leaves the model's folder");
  }
  if (relative.is_absolute()) throw LoadError("config: layout.classes '" + relative.string() + "' leaves the model's folder");
  const std::string path = (fs::path(model_dir) / relative).string();
  static std::map<std::string, LayoutClasses> cache;
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.emplace(path, load(path)).first;
  return it->second;
}

}  // namespace ldm
