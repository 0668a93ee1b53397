#include "core/imaging/image_io.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

#include "core/error.h"
#include "core/io/atomic_file.h"

namespace ldm {

namespace {

enum class Format { Png, Jpeg, Bmp, Webp, Tiff, Pnm };

bool starts_with(const uint8_t* d, size_t n, const char* magic, size_t m, size_t at = 0) {
  return n >= at + m && std::memcmp(d + at, magic, m) == 0;
}

// Identifies the format from its magic bytes; throws for non-images and unsupported formats.
Format sniff(const uint8_t* d, size_t n, const std::string& source) {
  if (starts_with(d, n, "\x89PNG\r\n\x1a\n", 8)) return Format::Png;
  if (starts_with(d, n, "\xff\xd8\xff", 3)) return Format::Jpeg;
  if (starts_with(d, n, "BM", 2) && n >= 26) return Format::Bmp;
  if (starts_with(d, n, "RIFF", 4) && starts_with(d, n, "WEBP", 4, 8)) return Format::Webp;
  if (starts_with(d, n, "II*\0", 4) || starts_with(d, n, "MM\0*", 4)) return Format::Tiff;
  if (n >= 3 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' && std::isspace(d[2])) return Format::Pnm;
  const char* unsupported = nullptr;
  if (starts_with(d, n, "GIF87a", 6) || starts_with(d, n, "GIF89a", 6)) unsupported = "GIF";
  else if (starts_with(d, n, "ftypavif", 8, 4) || starts_with(d, n, "ftypavis", 8, 4)) unsupported = "AVIF";
  else if (starts_with(d, n, "ftyp", 4, 4)) unsupported = "HEIF/HEIC";
  else if (starts_with(d, n, "8BPS", 4)) unsupported = "Photoshop (PSD)";
  else if (starts_with(d, n, "\x76\x2f\x31\x01", 4)) unsupported = "OpenEXR";
  else if (starts_with(d, n, "\xff\x0a", 2) || starts_with(d, n, "\0\0\0\x0cJXL ", 8)) unsupported = "JPEG XL";
  if (unsupported) {
    throw LoadError(source + " is a " + std::string(unsupported) + " image, which is not supported; convert it to PNG or JPEG");
  }
  throw LoadError(source + " is not an image (expected PNG, JPEG, BMP, WebP, TIFF or PPM/PGM)");
}

const char* format_name(Format f) {
  switch (f) {
    case Format::Png: return "PNG";
    case Format::Jpeg: return "JPEG";
    case Format::Bmp: return "BMP";
    case Format::Webp: return "WebP";
    case Format::Tiff: return "TIFF";
    case Format::Pnm: return "PNM";
  }
  return "?";
}

void check_size(int64_t w, int64_t h, const std::string& source) {
  if (w <= 0 || h <= 0) throw LoadError(source + " is corrupt: it declares a size of " + std::to_string(w) + "x" + std::to_string(h));
  if (w > kMaxImageSide || h > kMaxImageSide) {
    throw LoadError(source + " is " + std::to_string(w) + "x" + std::to_string(h) + " pixels; images larger than " +
                std::to_string(kMaxImageSide) + " px on a side are not supported (downscale it first)");
  }
}

// JPEG: the frame size from the SOFn marker, and a truncation check (an EOI marker must follow the
// first scan; libjpeg only warns about a premature end and returns a grey-filled image).
void probe_jpeg(const uint8_t* d, size_t n, const std::string& source) {
  size_t pos = 2;
  bool have_size = false;
  while (pos + 4 <= n) {
    if (d[pos] != 0xff) throw LoadError(source + " is a corrupt JPEG file (bad marker at byte " + std::to_string(pos) + ")");
    const uint8_t m = d[pos + 1];
    if (m == 0xff) { ++pos; continue; }  // fill byte
    if (m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01) { pos += 2; continue; }
    if (m == 0xd9) break;
    const size_t len = (size_t(d[pos + 2]) << 8) | d[pos + 3];
    if (len < 2 || pos + 2 + len > n) break;  // truncated: reported below
    if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc && len >= 7) {
      const int h = (d[pos + 5] << 8) | d[pos + 6];
      const int w = (d[pos + 7] << 8) | d[pos + 8];
      check_size(w, h, source);
      have_size = true;
    }
    if (m == 0xda) {  // start of scan: entropy-coded data follows; FF D9 cannot occur in it
      for (size_t i = pos + 2 + len; i + 1 < n; ++i) {
        if (d[i] == 0xff && d[i + 1] == 0xd9) {
          if (!have_size) throw LoadError(source + " is a corrupt JPEG file (no frame header)");
          return;
        }
      }
      break;
    }
    pos += 2 + len;
  }
  throw LoadError(source + " is a truncated or corrupt JPEG file");
}

void probe(Format f, const uint8_t* d, size_t n, const std::string& source) {
  switch (f) {
    case Format::Png: {
      // Validates every chunk length and CRC and requires IEND: a truncated PNG is an error here,
      // not a partially decoded image.
      const auto chunks = walk_png_chunks(d, n, source);
      const uint8_t* ihdr = chunks.front().data;
      const uint32_t w = (uint32_t(ihdr[0]) << 24) | (uint32_t(ihdr[1]) << 16) | (uint32_t(ihdr[2]) << 8) | ihdr[3];
      const uint32_t h = (uint32_t(ihdr[4]) << 24) | (uint32_t(ihdr[5]) << 16) | (uint32_t(ihdr[6]) << 8) | ihdr[7];
      check_size(w, h, source);
      break;
    }
    case Format::Jpeg: probe_jpeg(d, n, source); break;
    case Format::Bmp: {
      int32_t w, h;
      std::memcpy(&w, d + 18, 4);  // little-endian on every platform we build for
      std::memcpy(&h, d + 22, 4);
      check_size(w, h == INT32_MIN ? 0 : std::abs(static_cast<int64_t>(h)), source);
      break;
    }
    default: break;  // checked after decoding (OpenCV itself refuses > 2^30 pixels)
  }
}

std::vector<uint8_t> read_whole_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw LoadError(path + " does not exist");
    throw LoadError("cannot open " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw LoadError(path + " is a folder, not an image");
  if (st.st_size == 0) throw LoadError(path + " is empty, not an image");
  if (st.st_size > (int64_t(1) << 30)) throw LoadError(path + " is larger than 1 GiB; that is not an image this program can use");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw LoadError("cannot open " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  f.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (static_cast<size_t>(f.gcount()) != data.size()) throw LoadError("cannot read " + path + ": short read");
  return data;
}

Image from_mat(const cv::Mat& m) {
  Image im = Image::blank(m.cols, m.rows, m.channels());
  cv::Mat dst(m.rows, m.cols, CV_8UC(m.channels()), im.pixels.data());
  m.copyTo(dst);
  return im;
}

cv::Mat to_8bit(const cv::Mat& m) {
  if (m.depth() == CV_8U) return m;
  cv::Mat out;
  if (m.depth() == CV_16U) m.convertTo(out, CV_8U, 1.0 / 257.0);
  else if (m.depth() == CV_32F || m.depth() == CV_64F) m.convertTo(out, CV_8U, 255.0);
  else m.convertTo(out, CV_8U);
  return out;
}

cv::Mat mask_from(const cv::Mat& decoded) {
  cv::Mat m = to_8bit(decoded);
  if (m.channels() == 1) return m;
  cv::Mat grey;
  if (m.channels() == 3) {
    cv::cvtColor(m, grey, cv::COLOR_BGR2GRAY);
    return grey;
  }
  cv::cvtColor(m, grey, cv::COLOR_BGRA2GRAY);
  cv::Mat alpha;
  cv::extractChannel(m, alpha, 3);
  double amin, amax, gmin, gmax;
  cv::minMaxLoc(alpha, &amin, &amax);
  if (amin == 255) return grey;  // opaque
  cv::minMaxLoc(grey, &gmin, &gmax);
  if (gmin == gmax) return alpha;  // uniform colour: the alpha channel is the mask
  cv::Mat out;
  cv::multiply(grey, alpha, out, 1.0 / 255.0);
  return out;
}

}  // namespace

Image decode_image(const uint8_t* data, size_t size, const std::string& source, int channels) {
  if (channels != 1 && channels != 3) throw Error("decode_image: channels must be 1 or 3");
  const Format f = sniff(data, size, source);
  probe(f, data, size, source);
  cv::Mat decoded;
  try {
    const cv::Mat buf(1, static_cast<int>(size), CV_8UC1, const_cast<uint8_t*>(data));
    decoded = cv::imdecode(buf, channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw LoadError(source + " could not be decoded as " + format_name(f) + ": " + e.msg);
  }
  if (decoded.empty()) {
    throw LoadError(source + " could not be decoded as " + format_name(f) + " (corrupt or truncated file, or a " +
                format_name(f) + " variant OpenCV cannot read)");
  }
  check_size(decoded.cols, decoded.rows, source);
  if (channels == 1) return from_mat(mask_from(decoded));
  cv::Mat rgb;
  cv::cvtColor(decoded, rgb, cv::COLOR_BGR2RGB);
  return from_mat(rgb);
}

Image load_image(const std::string& path) {
  const std::vector<uint8_t> data = read_whole_file(path);
  return decode_image(data.data(), data.size(), path, 3);
}

Image load_mask(const std::string& path) {
  const std::vector<uint8_t> data = read_whole_file(path);
  return decode_image(data.data(), data.size(), path, 1);
}

std::vector<uint8_t> encode_png(const Image& image, const std::vector<PngText>& texts) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<size_t>(image.width) * image.height * image.channels) {
    throw Error("cannot save an empty image, or one whose pixel buffer does not match its size");
  }
  if (image.width > kMaxImageSide || image.height > kMaxImageSide) {
    throw Error("cannot save a " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                " image: at most " + std::to_string(kMaxImageSide) + " px a side");
  }
  const cv::Mat src(image.height, image.width, CV_8UC(image.channels), const_cast<uint8_t*>(image.pixels.data()));
  cv::Mat bgr;
  switch (image.channels) {
    case 1: bgr = src; break;
    case 3: cv::cvtColor(src, bgr, cv::COLOR_RGB2BGR); break;
    case 4: cv::cvtColor(src, bgr, cv::COLOR_RGBA2BGRA); break;
    default: throw Error("cannot save an image with " + std::to_string(image.channels) + " channels as PNG (1, 3 or 4)");
  }
  std::vector<uint8_t> png;
  try {
    if (!cv::imencode(".png", bgr, png, {cv::IMWRITE_PNG_COMPRESSION, 6})) throw Error("PNG encoding failed");
  } catch (const cv::Exception& e) {
    throw Error(std::string("PNG encoding failed: ") + e.msg);
  }
  return texts.empty() ? png : add_png_text(png, texts);
}

void save_png(const std::string& path, const Image& image, const std::vector<PngText>& texts) {
  const std::vector<uint8_t> png = encode_png(image, texts);
  AtomicFile file(path, /*overwrite=*/false);
  file.write(png.data(), png.size());
  file.commit();
}

std::string save_png_unique(const std::string& path, const Image& image, const std::vector<PngText>& texts) {
  const std::vector<uint8_t> png = encode_png(image, texts);
  return write_file_unique(path, png.data(), png.size());
}

}  // namespace ldm
