#include "core/io/zip_archive.h"

#include <zlib.h>

#include <cstring>

#include "core/error.h"
#include "core/io/mapped_file.h"

namespace ldm {

namespace {

uint16_t rd16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t rd32(const uint8_t* p) { return static_cast<uint32_t>(rd16(p)) | (static_cast<uint32_t>(rd16(p + 2)) << 16); }
uint64_t rd64(const uint8_t* p) { return static_cast<uint64_t>(rd32(p)) | (static_cast<uint64_t>(rd32(p + 4)) << 32); }

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEocdSig = 0x06054b50;
constexpr uint32_t kEocd64LocSig = 0x07064b50;
constexpr uint32_t kEocd64Sig = 0x06064b50;
constexpr uint64_t kMaxEntries = 1u << 22;

}  // namespace

bool ZipArchive::looks_like_zip(const uint8_t* data, size_t size) {
  return size >= 4 && rd32(data) == kLocalSig;
}

ZipArchive::ZipArchive(std::shared_ptr<MappedFile> file) : file_(std::move(file)) {
  const std::string& path = file_->path();
  const uint8_t* d = file_->data();
  const uint64_t n = file_->size();
  auto fail = [&](const std::string& what) -> void { throw LoadError(path + ": not a valid checkpoint archive: " + what); };
  if (n < 22) fail("file too short (truncated?)");
  // End of central directory: last 22 bytes plus a comment of at most 65535 bytes.
  uint64_t eocd = UINT64_MAX;
  const uint64_t lowest = n > 22 + 65535 ? n - 22 - 65535 : 0;
  for (uint64_t pos = n - 22 + 1; pos-- > lowest;) {
    if (rd32(d + pos) == kEocdSig) { eocd = pos; break; }
  }
  if (eocd == UINT64_MAX) fail("no end-of-central-directory record (truncated?)");
  uint64_t count = rd16(d + eocd + 10);
  uint64_t cd_size = rd32(d + eocd + 12);
  uint64_t cd_offset = rd32(d + eocd + 16);
  if (count == 0xffff || cd_size == 0xffffffffu || cd_offset == 0xffffffffu) {
    if (eocd < 20 || rd32(d + eocd - 20) != kEocd64LocSig) fail("ZIP64 locator missing");
    const uint64_t rec = rd64(d + eocd - 20 + 8);
    if (rec > n || n - rec < 56 || rd32(d + rec) != kEocd64Sig) fail("ZIP64 end record out of range");
    count = rd64(d + rec + 32);
    cd_size = rd64(d + rec + 40);
    cd_offset = rd64(d + rec + 48);
  }
  if (count > kMaxEntries) fail("too many entries (" + std::to_string(count) + ")");
  if (cd_offset > n || cd_size > n - cd_offset) fail("central directory out of range (truncated?)");
  uint64_t pos = cd_offset;
  const uint64_t cd_end = cd_offset + cd_size;
  entries_.reserve(static_cast<size_t>(count));
  for (uint64_t i = 0; i < count; ++i) {
    if (cd_end - pos < 46 || rd32(d + pos) != kCentralSig) fail("corrupt central directory entry " + std::to_string(i));
    Entry e;
    const uint16_t flags = rd16(d + pos + 8);
    e.method = rd16(d + pos + 10);
    e.compressed_size = rd32(d + pos + 20);
    e.size = rd32(d + pos + 24);
    const uint16_t name_len = rd16(d + pos + 28);
    const uint16_t extra_len = rd16(d + pos + 30);
    const uint16_t comment_len = rd16(d + pos + 32);
    uint64_t local = rd32(d + pos + 42);
    if (cd_end - pos - 46 < static_cast<uint64_t>(name_len) + extra_len + comment_len) fail("central directory entry overruns");
    if (flags & 1u) fail("encrypted entries are not supported");
    e.name.assign(reinterpret_cast<const char*>(d + pos + 46), name_len);
    // ZIP64 extended information: the 0xffffffff fields follow in order.
    const uint8_t* x = d + pos + 46 + name_len;
    const uint8_t* x_end = x + extra_len;
    while (x_end - x >= 4) {
      const uint16_t id = rd16(x), len = rd16(x + 2);
      if (x_end - x - 4 < len) fail("corrupt extra field in " + e.name);
      if (id == 0x0001) {
        const uint8_t* f = x + 4;
        const uint8_t* f_end = f + len;
        auto take = [&](uint64_t* v) {
          if (*v != 0xffffffffu) return;
          if (f_end - f < 8) fail("corrupt ZIP64 field in " + e.name);
          *v = rd64(f);
          f += 8;
        };
        take(&e.size);
        take(&e.compressed_size);
        take(&local);
      }
      x += 4 + len;
    }
    if (local > n || n - local < 30 || rd32(d + local) != kLocalSig) fail("local header of " + e.name + " out of range (truncated?)");
    const uint64_t data = local + 30 + rd16(d + local + 26) + rd16(d + local + 28);
    if (data > n || e.compressed_size > n - data) fail("data of " + e.name + " runs past the end of the file (truncated?)");
    if (e.method == 0 && e.compressed_size != e.size) fail("stored entry " + e.name + " has inconsistent sizes");
    if (e.method != 0 && e.method != 8) fail("entry " + e.name + " uses unsupported compression method " + std::to_string(e.method));
    e.data_offset = data;
    entries_.push_back(std::move(e));
    pos += 46 + static_cast<uint64_t>(name_len) + extra_len + comment_len;
  }
}

const ZipArchive::Entry* ZipArchive::find_suffix(const std::string& suffix) const {
  for (const auto& e : entries_) {
    if (e.name == suffix) return &e;
    if (e.name.size() > suffix.size() && e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        e.name[e.name.size() - suffix.size() - 1] == '/') {
      return &e;
    }
  }
  return nullptr;
}

std::string ZipArchive::read(const Entry& e, uint64_t limit) const {
  const std::string& path = file_->path();
  if (e.size > limit) {
    throw LoadError(path + ": archive entry " + e.name + " is " + std::to_string(e.size) + " bytes, over the limit of " +
                    std::to_string(limit));
  }
  const uint8_t* src = file_->data() + e.data_offset;
  if (e.method == 0) return std::string(reinterpret_cast<const char*>(src), static_cast<size_t>(e.size));
  // Deflate: inflate at most the declared size (itself limited); more output means a lying header.
  std::string out(static_cast<size_t>(e.size), '\0');
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw LoadError(path + ": cannot inflate " + e.name);
  zs.next_in = const_cast<Bytef*>(src);
  zs.avail_in = static_cast<uInt>(std::min<uint64_t>(e.compressed_size, UINT32_MAX));
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&zs, Z_FINISH);
  const uint64_t produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || produced != e.size) {
    throw LoadError(path + ": archive entry " + e.name + " does not inflate to its declared size (corrupt or a zip bomb)");
  }
  return out;
}

}  // namespace ldm
