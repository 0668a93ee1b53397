#pragma once
// Label maps for semantic synthesis: an 8-bit single-channel image whose pixel value is the label index
// (the sflckr / COCO-Stuff convention), or a colour-coded picture painted elsewhere plus a palette that
// says which colour is which label.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/api/image.h"

namespace ldm {

// A label map file: 1 channel (a grey PNG), or RGB with R = G = B everywhere. A colour picture is a
// LoadError that asks for a palette.
Image load_label_map(const std::string& path);

// label -> colour. The JSON file is an object whose keys are label indices ("3") or names ("sky-other",
// matched against `label_names` as class_names.h does) and whose values are [r, g, b] or "#rrggbb".
using Palette = std::map<int, std::array<uint8_t, 3>>;
Palette load_palette(const std::string& path, const std::vector<std::string>& label_names);

// The label map of a colour-coded picture (3 or 4 channels; alpha ignored). A colour the palette does not
// have is a LoadError naming it and its first pixel.
Image labels_from_colours(const Image& picture, const Palette& palette);

}  // namespace ldm
