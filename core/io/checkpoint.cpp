#include "core/io/checkpoint.h"

#include <fstream>

#include "core/error.h"
#include "core/io/ckpt.h"
#include "core/io/safetensors.h"

namespace ldm {

CheckpointFormat sniff_checkpoint_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError("cannot open " + path);
  unsigned char head[16] = {0};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const std::streamsize n = in.gcount();
  if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return CheckpointFormat::TorchZip;
  if (n >= 3 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8a) return CheckpointFormat::LegacyTorch;
  if (n >= 9 && head[8] == '{' && head[6] == 0 && head[7] == 0) return CheckpointFormat::Safetensors;
  return CheckpointFormat::Unknown;
}

StateDict load_checkpoint(const std::string& path) {
  switch (sniff_checkpoint_format(path)) {
    case CheckpointFormat::Safetensors: return load_safetensors(path);
    case CheckpointFormat::TorchZip:
    case CheckpointFormat::LegacyTorch: return load_ckpt(path);
    case CheckpointFormat::Unknown: break;
  }
  throw LoadError(path + ": not a model checkpoint (.safetensors or torch.save .ckpt); is it the right file, "
                         "and was the download complete?");
}

}  // namespace ldm
