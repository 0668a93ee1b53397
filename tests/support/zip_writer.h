#pragma once
// A tiny ZIP writer for tests that craft malformed checkpoints (stored or deflated entries).
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace ldm::test {

class ZipWriter {
 public:
  // declared_size < 0: the real uncompressed size; else that value is written (a lying header).
  void add(const std::string& name, const std::string& data, bool deflate = false, int64_t declared_size = -1) {
    std::string payload = data;
    if (deflate) {
      z_stream zs{};
      deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
      payload.resize(deflateBound(&zs, data.size()));
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      zs.avail_in = static_cast<uInt>(data.size());
      zs.next_out = reinterpret_cast<Bytef*>(payload.data());
      zs.avail_out = static_cast<uInt>(payload.size());
      deflate_stream(&zs);
      payload.resize(zs.total_out);
      deflateEnd(&zs);
    }
    Entry e{name, static_cast<uint32_t>(out_.size()), deflate ? uint16_t(8) : uint16_t(0),
            static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()))),
            static_cast<uint32_t>(payload.size()),
            static_cast<uint32_t>(declared_size >= 0 ? declared_size : static_cast<int64_t>(data.size()))};
    u32(0x04034b50); u16(20); u16(0); u16(e.method); u16(0); u16(0); u32(e.crc);
    u32(e.csize); u32(e.usize); u16(static_cast<uint16_t>(name.size())); u16(0);
    out_ += name;
    out_ += payload;
    entries_.push_back(e);
  }
  std::string finish() {
    const uint32_t cd = static_cast<uint32_t>(out_.size());
    for (const auto& e : entries_) {
      u32(0x02014b50); u16(20); u16(20); u16(0); u16(e.method); u16(0); u16(0); u32(e.crc); u32(e.csize);
      u32(e.usize); u16(static_cast<uint16_t>(e.name.size())); u16(0); u16(0); u16(0); u16(0); u32(0); u32(e.offset);
      out_ += e.name;
    }
    const uint32_t cd_size = static_cast<uint32_t>(out_.size()) - cd;
    u32(0x06054b50); u16(0); u16(0); u16(static_cast<uint16_t>(entries_.size())); u16(static_cast<uint16_t>(entries_.size()));
    u32(cd_size); u32(cd); u16(0);
    return out_;
  }
  static void save(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  struct Entry { std::string name; uint32_t offset; uint16_t method; uint32_t crc, csize, usize; };
  static void deflate_stream(z_stream* zs) { ::deflate(zs, Z_FINISH); }
  void u16(uint16_t v) { out_.push_back(char(v & 0xff)); out_.push_back(char(v >> 8)); }
  void u32(uint32_t v) { u16(uint16_t(v & 0xffff)); u16(uint16_t(v >> 16)); }
  std::string out_;
  std::vector<Entry> entries_;
};

}  // namespace ldm::test
