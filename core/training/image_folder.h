#pragma once
// A folder of the user's own pictures as training data (data.target ldm_studio.data.ImageFolder,
// data.params.root): stage 1 learns to encode and decode them, a text-to-image stage 2 learns them
// with their captions (NAME.txt beside NAME.png), a super-resolution stage 2 learns them from their
// own downscaled copies. Every tenth picture is held out for the validation images.
#include <string>
#include <vector>

#include "core/api/image.h"
#include "core/training/training.h"

namespace ldm {

class ImageFolder {
 public:
  // The pictures directly in `root` (.png .jpg .jpeg .bmp .webp .tif .tiff .pnm, any case), sorted by
  // name. Throws Error when root is not a folder or holds fewer than two pictures, or without a reader.
  ImageFolder(const std::string& root, TrainImageReader read);

  size_t size() const { return files_.size(); }
  const std::string& root() const { return root_; }
  const std::string& file(size_t i) const { return files_.at(i); }
  // The text of NAME.txt beside picture i, white space folded to single spaces; "" where there is none.
  std::string caption(size_t i) const;
  // Picture i in RGB at size x size: scaled so that its shorter side is `size` (area averages when
  // shrinking, bilinear when growing), then its centre square. Throws Error naming the file.
  Image picture(size_t i, int size) const;
  // Held out for validation: the 10th, 20th, ... picture, or the last where there are fewer than ten.
  bool held_out(size_t i) const;
  std::vector<size_t> training_indices() const { return indices(false); }
  std::vector<size_t> held_out_indices() const { return indices(true); }

 private:
  std::vector<size_t> indices(bool held) const;
  std::string root_;
  std::vector<std::string> files_;
  TrainImageReader read_;
};

}  // namespace ldm
