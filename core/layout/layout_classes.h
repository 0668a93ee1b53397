#pragma once
// The object classes of the LDM OpenImages layout model, numbered as taming's
// annotated_objects_dataset numbers them (category_no): resources/layout/openimages-layout-classes.json,
// derived from openimages-class-descriptions-boxable.csv (see tests/data/ldm-layout-tiny/README.md).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ldm {

struct LayoutClass {
  int number = 0;        // category_no: the index the conditioning tokens use
  std::string id;        // OpenImages MID, e.g. "/m/011k07"
  std::string name;      // e.g. "Tortoise"
};

class LayoutClasses {
 public:
  // Reads the class list JSON ({"classes": [{"number", "id", "name"}, ...]}). Throws LoadError.
  static LayoutClasses load(const std::string& path);
  // The bundled list, resources_dir() + "/layout/openimages-layout-classes.json". Throws LoadError.
  static const LayoutClasses& openimages();
  static std::string default_path();
  // A layout model's classes: the file its config names (`layout: classes:`, relative to `model_dir`),
  // else the OpenImages list. Loaded once per file. Throws LoadError.
  static const LayoutClasses& for_model(const nlohmann::json& config, const std::string& model_dir);

  int size() const { return static_cast<int>(classes_.size()); }
  const LayoutClass& at(int number) const;  // throws RequestError when out of range
  const std::vector<LayoutClass>& all() const { return classes_; }

  // Case-insensitive name ("tortoise") or MID ("/m/011k07"); nullopt when unknown.
  std::optional<int> find(const std::string& name_or_id) const;
  // As find(), but throws RequestError naming the label (and a close suggestion when there is one).
  int resolve(const std::string& name_or_id) const;

 private:
  std::vector<LayoutClass> classes_;
  std::unordered_map<std::string, int> by_key_;  // lower-cased name and MID -> number
};

}  // namespace ldm
