#include "core/imaging/label_map.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "core/api/class_names.h"
#include "core/error.h"
#include "core/imaging/image_io.h"

namespace ldm {

Image load_label_map(const std::string& path) {
  const Image rgb = load_image(path);  // grey expanded to RGB, exactly
  Image labels = Image::blank(rgb.width, rgb.height, 1);
  for (int y = 0; y < rgb.height; ++y) {
    for (int x = 0; x < rgb.width; ++x) {
      const uint8_t* p = rgb.at(x, y);
      if (p[0] != p[1] || p[1] != p[2]) {
        char colour[16];
        std::snprintf(colour, sizeof colour, "#%02x%02x%02x", p[0], p[1], p[2]);
        throw LoadError(path + " is a colour picture (" + colour + " at " + std::to_string(x) + "," + std::to_string(y) +
                        "), not a label map: give a palette (JSON: label -> colour) with it, or an 8-bit grey map");
      }
      *labels.at(x, y) = p[0];
    }
  }
  return labels;
}

Palette load_palette(const std::string& path, const std::vector<std::string>& label_names) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open the palette " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw LoadError(path + " is not valid JSON (a palette maps labels to colours: {\"sky-other\": \"#87ceeb\", ...})");
  }
  if (!j.is_object() || j.empty()) throw LoadError(path + ": a palette is a JSON object of label -> colour");
  Palette palette;
  for (auto it = j.begin(); it != j.end(); ++it) {
    int label = -1;
    try {
      label = resolve_class_name(label_names, it.key());
    } catch (const RequestError& e) {
      throw LoadError(path + ": " + e.what());
    }
    std::array<uint8_t, 3> c{};
    const nlohmann::json& v = it.value();
    unsigned r = 0, g = 0, b = 0;
    if (v.is_string() && v.get<std::string>().size() == 7 &&
        std::sscanf(v.get<std::string>().c_str(), "#%2x%2x%2x", &r, &g, &b) == 3) {
      c = {static_cast<uint8_t>(r), static_cast<uint8_t>(g), static_cast<uint8_t>(b)};
    } else if (v.is_array() && v.size() == 3 && v[0].is_number_integer() && v[1].is_number_integer() &&
               v[2].is_number_integer()) {
      for (int k = 0; k < 3; ++k) {
        const int64_t x = v[static_cast<size_t>(k)].get<int64_t>();
        if (x < 0 || x > 255) throw LoadError(path + ": the colour of '" + it.key() + "' has a value outside 0..255");
        c[static_cast<size_t>(k)] = static_cast<uint8_t>(x);
      }
    } else {
      throw LoadError(path + ": the colour of '" + it.key() + "' must be [r, g, b] or \"#rrggbb\"");
    }
    for (const auto& [other, colour] : palette)
      if (colour == c && other != label)
        throw LoadError(path + ": labels " + std::to_string(other) + " and " + std::to_string(label) + " share a colour");
    palette[label] = c;
  }
  return palette;
}

Image labels_from_colours(const Image& picture, const Palette& palette) {
  if (picture.channels < 3) throw LoadError("a colour-coded label map needs an RGB picture");
  std::map<uint32_t, uint8_t> lookup;
  for (const auto& [label, c] : palette) {
    if (label < 0 || label > 255) throw LoadError("label " + std::to_string(label) + " does not fit an 8-bit label map");
    lookup[(uint32_t{c[0]} << 16) | (uint32_t{c[1]} << 8) | c[2]] = static_cast<uint8_t>(label);
  }
  Image labels = Image::blank(picture.width, picture.height, 1);
  for (int y = 0; y < picture.height; ++y) {
    for (int x = 0; x < picture.width; ++x) {
      const uint8_t* p = picture.at(x, y);
      const auto it = lookup.find((uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2]);
      if (it == lookup.end()) {
        char colour[16];
        std::snprintf(colour, sizeof colour, "#%02x%02x%02x", p[0], p[1], p[2]);
        throw LoadError(std::string("the colour ") + colour + " at " + std::to_string(x) + "," + std::to_string(y) +
                        " is not in the palette");
      }
      *labels.at(x, y) = it->second;
    }
  }
  return labels;
}

}  // namespace ldm
