// A folder of pictures as training data (core/training/image_folder.h).
#include "core/training/image_folder.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace ldm {

namespace fs = std::filesystem;

namespace {

bool is_picture(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* e : {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pnm"})
    if (ext == e) return true;
  return false;
}

}  // namespace

ImageFolder::ImageFolder(const std::string& root, TrainImageReader read) : root_(root), read_(std::move(read)) {
  if (!read_) throw Error("reading a picture folder needs the imaging library (this build has none)");
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error("data.params.root " + root + " is not a folder");
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_regular_file(ec) && is_picture(entry.path())) files_.push_back(entry.path().string());
  std::sort(files_.begin(), files_.end());
  if (files_.size() < 2)
    throw Error(root + " holds " + std::to_string(files_.size()) +
                " pictures (.png, .jpg, .bmp, .webp, .tif): training needs at least two, one of them held out for validation");
}

std::string ImageFolder::caption(size_t i) const {
  const fs::path text = fs::path(files_.at(i)).replace_extension(".txt");
  std::ifstream in(text);
  if (!in) return {};
  std::stringstream words;
  words << in.rdbuf();
  std::string folded, word;
  for (std::istringstream split(words.str()); split >> word;) folded += (folded.empty() ? "" : " ") + word;
  return folded;
}

Image ImageFolder::picture(size_t i, int size) const {
  Image im;
  try {
    im = read_(files_.at(i));
  } catch (const std::exception& e) {
    throw Error(std::string("training picture: ") + e.what());
  }
  if (im.channels != 3 || im.width < 1 || im.height < 1) throw Error(files_.at(i) + ": not an RGB picture");
  torch::NoGradGuard no_grad;
  const at::Tensor x = torch::from_blob(im.pixels.data(), {1, im.height, im.width, 3}, torch::kUInt8)
                           .permute({0, 3, 1, 2}).to(torch::kFloat);  // [1, 3, H, W]
  const double scale = static_cast<double>(size) / std::min(im.width, im.height);
  const int64_t w = std::max<int64_t>(size, std::llround(im.width * scale));
  const int64_t h = std::max<int64_t>(size, std::llround(im.height * scale));
  at::Tensor y = scale <= 1.0 ? at::adaptive_avg_pool2d(x, {h, w})  // the average of each target pixel's area
                              : at::upsample_bilinear2d(x, {h, w}, /*align_corners=*/false);
  y = y.narrow(2, (h - size) / 2, size).narrow(3, (w - size) / 2, size);
  const at::Tensor u8 = y.round().clamp(0, 255).to(torch::kUInt8).squeeze(0).permute({1, 2, 0}).contiguous();
  Image out = Image::blank(size, size, 3);
  std::memcpy(out.pixels.data(), u8.data_ptr<uint8_t>(), out.pixels.size());
  return out;
}

bool ImageFolder::held_out(size_t i) const { return files_.size() < 10 ? i + 1 == files_.size() : i % 10 == 9; }

std::vector<size_t> ImageFolder::indices(bool held) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < files_.size(); ++i)
    if (held_out(i) == held) out.push_back(i);
  return out;
}

}  // namespace ldm
