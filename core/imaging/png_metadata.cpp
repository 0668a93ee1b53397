#include "core/imaging/png_metadata.h"

#include "core/api/sampler_registry.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <strings.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/io/model_identity.h"
#include "core/text/strings.h"

namespace fs = std::filesystem;

namespace ldm {

namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr size_t kMaxInflated = size_t(16) << 20;

uint32_t be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
void put_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}

bool is_letter(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// UTF-8 -> code points; false on malformed input (overlong forms, surrogates, > U+10FFFF).
bool decode_utf8(const std::string& s, std::vector<uint32_t>* out) {
  size_t i = 0;
  while (i < s.size()) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    uint32_t cp;
    int n;
    if (c < 0x80) { cp = c; n = 0; }
    else if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; n = 1; }
    else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; n = 2; }
    else if ((c & 0xf8) == 0xf0) { cp = c & 0x07; n = 3; }
    else return false;
    if (i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      const uint8_t d = static_cast<uint8_t>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    static const uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    out->push_back(cp);
    i += n + 1;
  }
  return true;
}

std::string latin1_to_utf8(const uint8_t* p, size_t n) {
  std::string s;
  s.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) {
      s.push_back(static_cast<char>(p[i]));
    } else {
      s.push_back(static_cast<char>(0xc0 | (p[i] >> 6)));
      s.push_back(static_cast<char>(0x80 | (p[i] & 0x3f)));
    }
  }
  return s;
}

void check_keyword(const std::string& k) {
  bool ok = !k.empty() && k.size() <= 79 && k.front() != ' ' && k.back() != ' ' && k.find("  ") == std::string::npos;
  for (char c : k) ok = ok && c >= 32 && c <= 126;
  if (!ok) throw Error("invalid PNG text keyword '" + k + "' (1-79 printable ASCII characters, no leading, trailing or double spaces)");
}

std::string inflate_text(const uint8_t* p, size_t n, const std::string& source) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) throw LoadError("cannot read " + source + ": zlib initialisation failed");
  std::string out;
  zs.next_in = const_cast<Bytef*>(p);
  zs.avail_in = static_cast<uInt>(n);
  int rc = Z_OK;
  char buf[16384];
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw LoadError(source + " has a corrupt compressed text chunk");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > kMaxInflated) {
      inflateEnd(&zs);
      throw LoadError(source + " has a compressed text chunk larger than 16 MiB; it is not a picture's metadata");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw LoadError(source + " has a truncated compressed text chunk");
    }
  }
  inflateEnd(&zs);
  return out;
}

std::vector<uint8_t> make_chunk(const char* type, const std::string& payload) {
  std::vector<uint8_t> c;
  c.reserve(payload.size() + 12);
  put_be32(c, static_cast<uint32_t>(payload.size()));
  c.insert(c.end(), type, type + 4);
  c.insert(c.end(), payload.begin(), payload.end());
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), c.data() + 4, static_cast<uInt>(payload.size() + 4));
  put_be32(c, static_cast<uint32_t>(crc));
  return c;
}

std::vector<uint8_t> text_chunk(const PngText& t) {
  check_keyword(t.keyword);
  if (t.text.find('\0') != std::string::npos) throw Error("PNG text '" + t.keyword + "' contains a NUL character");
  std::vector<uint32_t> cps;
  if (!decode_utf8(t.text, &cps)) throw Error("PNG text '" + t.keyword + "' is not valid UTF-8");
  if (std::all_of(cps.begin(), cps.end(), [](uint32_t c) { return c <= 0xff; })) {
    std::string payload = t.keyword;
    payload.push_back('\0');
    for (uint32_t c : cps) payload.push_back(static_cast<char>(c));
    return make_chunk("tEXt", payload);
  }
  // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL, text.
  std::string payload = t.keyword;
  payload.append(std::string("\0\0\0\0\0", 5));
  payload += t.text;
  return make_chunk("iTXt", payload);
}

// Splits "keyword\0rest"; throws on a missing NUL.
size_t keyword_end(const PngChunk& c, const std::string& source) {
  const uint8_t* nul = static_cast<const uint8_t*>(std::memchr(c.data, 0, c.length));
  if (!nul || nul == c.data || nul - c.data > 79) {
    throw LoadError(source + " has a malformed " + c.type + " chunk at byte " + std::to_string(c.offset) + " (bad keyword)");
  }
  return static_cast<size_t>(nul - c.data);
}

std::vector<uint8_t> read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw LoadError(path + " does not exist");
  if (S_ISDIR(st.st_mode)) throw LoadError(path + " is a folder, not a PNG file");
  if (st.st_size > (int64_t(1) << 30)) throw LoadError(path + " is larger than 1 GiB; it is not a picture this program can read");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw LoadError("cannot read " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  f.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (static_cast<size_t>(f.gcount()) != data.size()) throw LoadError("cannot read " + path + ": short read");
  return data;
}

}  // namespace

std::vector<PngChunk> walk_png_chunks(const uint8_t* data, size_t size, const std::string& source) {
  if (size < 8 || std::memcmp(data, kSignature, 8) != 0) throw LoadError(source + " is not a PNG file (no PNG signature)");
  std::vector<PngChunk> chunks;
  size_t pos = 8;
  for (;;) {
    if (size - pos < 12) {
      throw LoadError(source + " is truncated: it ends at byte " + std::to_string(size) + " without an IEND chunk");
    }
    PngChunk c;
    c.offset = pos;
    c.length = be32(data + pos);
    const uint8_t* type = data + pos + 4;
    if (!is_letter(type[0]) || !is_letter(type[1]) || !is_letter(type[2]) || !is_letter(type[3])) {
      throw LoadError(source + " is corrupt: invalid chunk type at byte " + std::to_string(pos));
    }
    c.type.assign(reinterpret_cast<const char*>(type), 4);
    if (c.length > 0x7fffffffu) {
      throw LoadError(source + " is corrupt: chunk '" + c.type + "' at byte " + std::to_string(pos) + " has an invalid length");
    }
    if (c.length > size - pos - 12) {
      throw LoadError(source + " is truncated: chunk '" + c.type + "' at byte " + std::to_string(pos) + " needs " +
                  std::to_string(c.length + 12) + " bytes, only " + std::to_string(size - pos) + " are left");
    }
    c.data = data + pos + 8;
    const uint32_t stored = be32(c.data + c.length);
    const uint32_t actual = static_cast<uint32_t>(crc32(crc32(0L, Z_NULL, 0), type, c.length + 4));
    if (stored != actual) {
      throw LoadError(source + " is corrupt: chunk '" + c.type + "' at byte " + std::to_string(pos) + " fails its CRC check");
    }
    if (chunks.empty() && (c.type != "IHDR" || c.length != 13)) {
      throw LoadError(source + " is corrupt: it does not start with an IHDR chunk");
    }
    chunks.push_back(c);
    pos += size_t(c.length) + 12;
    if (c.type == "IEND") break;
  }
  return chunks;
}

std::vector<uint8_t> add_png_text(const std::vector<uint8_t>& png, const std::vector<PngText>& texts) {
  const std::vector<PngChunk> chunks = walk_png_chunks(png.data(), png.size(), "encoded PNG");
  size_t insert_at = chunks.back().offset;  // IEND when there is no IDAT (cannot happen for real images)
  for (const auto& c : chunks) {
    if (c.type == "IDAT") { insert_at = c.offset; break; }
  }
  std::vector<uint8_t> extra;
  for (const auto& t : texts) {
    auto c = text_chunk(t);
    extra.insert(extra.end(), c.begin(), c.end());
  }
  std::vector<uint8_t> out;
  out.reserve(png.size() + extra.size());
  out.insert(out.end(), png.begin(), png.begin() + static_cast<std::ptrdiff_t>(insert_at));
  out.insert(out.end(), extra.begin(), extra.end());
  out.insert(out.end(), png.begin() + static_cast<std::ptrdiff_t>(insert_at), png.end());
  return out;
}

std::vector<PngText> read_png_text(const uint8_t* data, size_t size, const std::string& source) {
  std::vector<PngText> out;
  for (const auto& c : walk_png_chunks(data, size, source)) {
    if (c.type != "tEXt" && c.type != "zTXt" && c.type != "iTXt") continue;
    const size_t k = keyword_end(c, source);
    PngText t;
    t.keyword = latin1_to_utf8(c.data, k);
    const uint8_t* p = c.data + k + 1;
    size_t n = c.length - k - 1;
    if (c.type == "tEXt") {
      t.text = latin1_to_utf8(p, n);
    } else if (c.type == "zTXt") {
      if (n < 1 || p[0] != 0) throw LoadError(source + " has a zTXt chunk with an unknown compression method");
      const std::string raw = inflate_text(p + 1, n - 1, source);
      t.text = latin1_to_utf8(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
    } else {
      // iTXt: flag, method, language\0, translated keyword\0, text
      if (n < 2) throw LoadError(source + " has a malformed iTXt chunk at byte " + std::to_string(c.offset));
      const bool compressed = p[0] != 0;
      if (compressed && p[1] != 0) throw LoadError(source + " has an iTXt chunk with an unknown compression method");
      p += 2;
      n -= 2;
      for (int field = 0; field < 2; ++field) {
        const uint8_t* nul = static_cast<const uint8_t*>(std::memchr(p, 0, n));
        if (!nul) throw LoadError(source + " has a malformed iTXt chunk at byte " + std::to_string(c.offset));
        n -= static_cast<size_t>(nul - p) + 1;
        p = nul + 1;
      }
      t.text = compressed ? inflate_text(p, n, source) : std::string(reinterpret_cast<const char*>(p), n);
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<PngText> read_png_text(const std::string& path) {
  const std::vector<uint8_t> data = read_file(path);
  return read_png_text(data.data(), data.size(), path);
}

const PngText* find_png_text(const std::vector<PngText>& texts, const std::string& keyword) {
  for (const auto& t : texts) {
    if (t.keyword == keyword) return &t;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// A1111 "parameters"

namespace {

// Shortest text that parses back to the same double, locale-independent; integral values get
// ".0" as Python's repr writes them (A1111 writes floats that way).
std::string format_number(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  if (std::isfinite(v) && s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

bool parse_double(const std::string& s, double* out) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto r = std::from_chars(b, e, *out);
  return r.ec == std::errc() && r.ptr == e;
}

template <typename Int>
bool parse_int(const std::string& s, Int* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return true;
  double d;  // "20.0" from some writers
  if (parse_double(s, &d) && std::floor(d) == d && std::fabs(d) < 9.0e18) {
    *out = static_cast<Int>(d);
    return static_cast<double>(*out) == d;
  }
  return false;
}

using text::trim;

// A1111's quote(): JSON string syntax only when the value would otherwise be ambiguous.
std::string quote(const std::string& v) {
  if (v.find_first_of(",\n:") == std::string::npos) return v;
  return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

// The "Key: value, Key: value" line, tolerant in the way A1111's regex is:
// \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
std::vector<std::pair<std::string, std::string>> parse_param_line(const std::string& line) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    while (i < n && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const size_t kb = i;
    if (i < n && is_word(line[i])) {
      ++i;
      while (i < n && (is_word(line[i]) || line[i] == ' ' || line[i] == '-' || line[i] == '/')) ++i;
    }
    if (i - kb < 2 || i >= n || line[i] != ':') {
      // Not a key: skip to the next comma, as the regex would find no match here.
      const size_t comma = line.find(',', kb + 1);
      if (comma == std::string::npos) break;
      i = comma + 1;
      continue;
    }
    std::string key = line.substr(kb, i - kb);
    ++i;  // ':'
    while (i < n && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::string value;
    bool quoted = false;
    if (i < n && line[i] == '"') {
      size_t j = i + 1;
      while (j < n && line[j] != '"') j += line[j] == '\\' ? 2 : 1;
      if (j < n && j > i + 1) {
        try {
          value = nlohmann::json::parse(line.substr(i, j - i + 1)).get<std::string>();
          quoted = true;
          i = j + 1;
        } catch (const nlohmann::json::exception&) {
        }
      }
    }
    if (!quoted) {
      const size_t comma = line.find(',', i);
      const size_t e = comma == std::string::npos ? n : comma;
      value = line.substr(i, e - i);
      i = e;
    }
    while (i < n && line[i] != ',') ++i;  // anything after a quoted value up to the comma
    if (i < n) ++i;
    out.emplace_back(trim(key), quoted ? value : trim(value));
  }
  return out;
}

// "name: hash, name: hash" (A1111 takes ':' and ',' out of the names so that the list parses back).
std::string format_hashes(const std::vector<NamedHash>& hashes) {
  std::string out;
  for (const auto& h : hashes) {
    std::string name;
    for (char c : h.name)
      if (c != ':' && c != ',') name += c;
    out += (out.empty() ? "" : ", ") + name + ": " + h.hash;
  }
  return out;
}

std::vector<NamedHash> parse_hashes(const std::string& value) {
  std::vector<NamedHash> out;
  size_t b = 0;
  while (b <= value.size()) {
    const size_t e = std::min(value.find(',', b), value.size());
    const std::string item = trim(value.substr(b, e - b));
    const size_t colon = item.rfind(':');
    if (colon != std::string::npos && !trim(item.substr(0, colon)).empty())
      out.push_back({trim(item.substr(0, colon)), trim(item.substr(colon + 1))});
    b = e + 1;
  }
  return out;
}

[[noreturn]] void bad_value(const std::string& key, const std::string& value) {
  throw RequestError("generation parameters: '" + key + "' has the invalid value '" + value + "'");
}

}  // namespace

std::string a1111_sampler_name(const std::string& sampler, bool karras) {
  const SamplerInfo* s = find_sampler(sampler);
  return (s ? s->a1111_name : sampler) + (karras ? " Karras" : "");
}

std::string format_parameters(const GenerationRequest& r, const std::string& model_name) {
  std::string out = r.prompt;
  if (!r.negative_prompt.empty()) out += "\nNegative prompt: " + r.negative_prompt;
  std::vector<std::pair<std::string, std::string>> kv = {
      {"Steps", std::to_string(r.steps)},
      {"Sampler", a1111_sampler_name(r.sampler, r.karras)},
      {"CFG scale", format_number(r.cfg_scale)},
      {"Seed", std::to_string(r.seed)},
      {"Size", std::to_string(r.width) + "x" + std::to_string(r.height)},
  };
  if (!r.model_hash.empty()) kv.emplace_back("Model hash", r.model_hash.substr(0, 10));
  if (!model_name.empty()) kv.emplace_back("Model", model_name);
  if (r.task == Task::Img2Img || r.task == Task::Inpaint || r.hires_scale > 1.0)
    kv.emplace_back("Denoising strength", format_number(r.strength));
  if (r.hires_scale > 1.0) {
    kv.emplace_back("Hires upscale", format_number(r.hires_scale));
    if (r.hires_steps > 0) kv.emplace_back("Hires steps", std::to_string(r.hires_steps));
    kv.emplace_back("Hires upscaler", r.hires_upscaler == "latent" ? "Latent" : "Bicubic");
  }
  if (r.task == Task::Inpaint) kv.emplace_back("Mask blur", format_number(r.mask_feather));
  if (r.clip_skip != 1) kv.emplace_back("Clip skip", std::to_string(r.clip_skip));
  if (r.eta > 0.0) kv.emplace_back(r.sampler == "ddim" ? "Eta DDIM" : "Eta", format_number(r.eta));
  if (r.batch != 1) kv.emplace_back("Batch size", std::to_string(r.batch));
  if (!r.lora_hashes.empty()) kv.emplace_back("Lora hashes", format_hashes(r.lora_hashes));
  if (!r.ti_hashes.empty()) kv.emplace_back("TI hashes", format_hashes(r.ti_hashes));
  std::string line;
  for (const auto& [k, v] : kv) {
    if (!line.empty()) line += ", ";
    line += k + ": " + quote(v);
  }
  return out + "\n" + line;
}

ParsedParameters parse_parameters(const std::string& text) {
  ParsedParameters p;
  GenerationRequest& r = p.request;
  // Lines: prompt (possibly several), optional "Negative prompt:" (possibly several), params.
  std::vector<std::string> lines;
  {
    std::string t = trim(text);
    size_t b = 0;
    for (;;) {
      const size_t e = t.find('\n', b);
      std::string l = t.substr(b, e == std::string::npos ? std::string::npos : e - b);
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back(l);
      if (e == std::string::npos) break;
      b = e + 1;
    }
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (!lines.empty()) {
    auto kv = parse_param_line(lines.back());
    if (kv.size() >= 3) {  // A1111's rule: fewer than 3 pairs means the last line is prompt text
      params = std::move(kv);
      lines.pop_back();
    }
  }
  bool in_negative = false;
  std::string prompt, negative;
  for (const auto& l : lines) {
    std::string line = l;
    if (!in_negative && line.rfind("Negative prompt:", 0) == 0) {
      in_negative = true;
      line = trim(line.substr(16));
      negative = line;
      continue;
    }
    std::string& dst = in_negative ? negative : prompt;
    dst += (dst.empty() ? "" : "\n") + line;
  }
  r.prompt = trim(prompt);
  r.negative_prompt = trim(negative);

  bool has_strength = false, has_mask_blur = false, schedule_karras = false;
  for (const auto& [key, value] : params) {
    if (key == "Steps") {
      if (!parse_int(value, &r.steps) || r.steps <= 0) bad_value(key, value);
    } else if (key == "Sampler") {
      bool karras = false;
      if (const SamplerInfo* s = find_sampler_a1111(value, &karras)) {
        r.sampler = s->name;
        r.karras = karras;
      } else {
        p.warnings.push_back("sampler '" + value + "' is not available; using the model's own");
        p.extra[key] = value;
      }
    } else if (key == "Schedule type") {
      schedule_karras = strcasecmp(value.c_str(), "Karras") == 0;
      if (!schedule_karras && strcasecmp(value.c_str(), "Automatic") != 0) p.extra[key] = value;
    } else if (key == "CFG scale") {
      if (!parse_double(value, &r.cfg_scale)) bad_value(key, value);
    } else if (key == "Seed") {
      if (!parse_int(value, &r.seed)) bad_value(key, value);
    } else if (key == "Size") {
      const size_t x = value.find('x');
      if (x == std::string::npos || !parse_int(value.substr(0, x), &r.width) || !parse_int(value.substr(x + 1), &r.height) ||
          r.width < 0 || r.height < 0) {
        bad_value(key, value);
      }
    } else if (key == "Model") {
      p.model_name = value;
    } else if (key == "Denoising strength") {
      if (!parse_double(value, &r.strength)) bad_value(key, value);
      has_strength = true;
    } else if (key == "Mask blur") {
      if (!parse_double(value, &r.mask_feather)) bad_value(key, value);
      has_mask_blur = true;
    } else if (key == "Clip skip") {
      if (!parse_int(value, &r.clip_skip) || r.clip_skip < 1) bad_value(key, value);
    } else if (key == "Eta" || key == "Eta DDIM") {
      if (!parse_double(value, &r.eta)) bad_value(key, value);
    } else if (key == "Batch size") {
      if (!parse_int(value, &r.batch) || r.batch < 1) bad_value(key, value);
    } else if (key == "TI hashes" || key == "Lora hashes") {
      (key == "TI hashes" ? r.ti_hashes : r.lora_hashes) = parse_hashes(value);
      p.extra[key] = value;  // as written, too
    } else {
      p.extra[key] = value;
    }
  }
  if (schedule_karras) r.karras = true;
  if (r.eta < 0) r.eta = 0.0;  // A1111 writes Eta only when it is not its default, 0
  // A1111 also writes "Denoising strength" for the hires-fix pass of a txt2img image.
  const bool hires = p.extra.count("Hires upscale") || p.extra.count("Hires steps") || p.extra.count("Hires upscaler");
  if (has_strength && !hires) r.task = has_mask_blur ? Task::Inpaint : Task::Img2Img;
  if (hires) {
    // The web UI's hires fix: our latent upscaler is its "Latent" (bilinear); every picture upscaler
    // (Lanczos, ESRGAN, ...) becomes bicubic here, said in a warning.
    auto take = [&p](const char* key) {
      auto it = p.extra.find(key);
      if (it == p.extra.end()) return std::string();
      std::string v = it->second;
      p.extra.erase(it);
      return v;
    };
    const std::string scale = take("Hires upscale"), steps = take("Hires steps"), upscaler = take("Hires upscaler");
    r.hires_scale = 2.0;
    if (!scale.empty() && (!parse_double(scale, &r.hires_scale) || r.hires_scale < 1.0)) bad_value("Hires upscale", scale);
    if (!steps.empty() && (!parse_int(steps, &r.hires_steps) || r.hires_steps < 0)) bad_value("Hires steps", steps);
    r.hires_upscaler = upscaler.empty() || upscaler.rfind("Latent", 0) == 0 ? "latent" : "bicubic";
    if (!upscaler.empty() && upscaler != "Latent" && upscaler != "Bicubic")
      p.warnings.push_back("hires upscaler '" + upscaler + "' is not available; using " + r.hires_upscaler);
  }
  return p;
}

namespace {

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(const std::vector<uint8_t>& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (size_t i = 0; i < in.size(); i += 3) {
    const uint32_t n = (uint32_t{in[i]} << 16) | (i + 1 < in.size() ? uint32_t{in[i + 1]} << 8 : 0) |
                       (i + 2 < in.size() ? uint32_t{in[i + 2]} : 0);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

std::vector<uint8_t> base64_decode(const std::string& in, const std::string& source) {
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const char* p = std::strchr(kBase64, c);
    if (c == '\0' || p == nullptr) throw LoadError(source + ": the label map is not valid base64");
    acc = (acc << 6) | static_cast<uint32_t>(p - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// The label map of a semantic request: {"width", "height", "encoding": "zlib+base64", "data"}.
std::string encode_label_map(const Image& map) {
  uLongf size = compressBound(static_cast<uLong>(map.pixels.size()));
  std::vector<uint8_t> z(size);
  if (compress2(z.data(), &size, map.pixels.data(), static_cast<uLong>(map.pixels.size()), 9) != Z_OK)
    throw Error("cannot compress the label map");
  z.resize(size);
  return nlohmann::json{{"width", map.width}, {"height", map.height}, {"encoding", "zlib+base64"}, {"data", base64_encode(z)}}
      .dump();
}

Image decode_label_map(const std::string& text, const std::string& source) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    const int w = j.at("width").get<int>(), h = j.at("height").get<int>();
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) throw LoadError(source + ": the label map has an impossible size");
    const std::vector<uint8_t> z = base64_decode(j.at("data").get<std::string>(), source);
    Image map = Image::blank(w, h, 1);
    uLongf size = static_cast<uLongf>(map.pixels.size());
    if (uncompress(map.pixels.data(), &size, z.data(), static_cast<uLong>(z.size())) != Z_OK || size != map.pixels.size())
      throw LoadError(source + ": the label map is corrupt");
    return map;
  } catch (const nlohmann::json::exception&) {
    throw LoadError(source + ": the label map's description is malformed");
  }
}

}  // namespace

std::vector<PngText> generation_metadata(const GenerationRequest& request) {
  // Names and a hash, never paths: a shared picture must not tell where its author keeps files.
  GenerationRequest shared = request;
  ModelRef model;
  if (!request.model_hash.empty()) {
    model = {model_name_of(request.model), request.model_hash};  // the engine hashed it when it loaded the model
  } else if (!request.model.empty()) {
    try {
      model = model_ref(request.model);
    } catch (const Error&) {
      model.name = model_name_of(request.model);
    }
  }
  shared.model = model.name;
  shared.model_hash = model.sha256;
  shared.model_config = fs::path(request.model_config).filename().string();
  shared.vae = fs::path(request.vae).filename().string();
  for (auto& l : shared.loras) l.path = fs::path(l.path).filename().string();
  for (auto& e : shared.embeddings) e = fs::path(e).filename().string();
  std::vector<PngText> texts = {
      {kParametersKey, format_parameters(shared, model.a1111_name())},
      {kRequestKey, shared.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)},
      {"Software", "LDM Studio"},
  };
  if (!request.segmentation.empty()) texts.push_back({kSegmentationKey, encode_label_map(request.segmentation)});
  return texts;
}

namespace {

// A picture's model (a name and hash; older pictures: a path) -> a model on this machine.
void resolve_models(GenerationRequest* r, std::string* note) {
  std::string how;
  if (!r->model.empty()) {
    std::error_code ec;
    const bool is_path = r->model.find('/') != std::string::npos;
    if (!(is_path && fs::exists(r->model, ec))) {
      ModelRef ref{is_path ? fs::path(r->model).filename().string() : r->model, r->model_hash};
      if (ref.name == "model.safetensors" || ref.name == "model.ckpt") ref.name = fs::path(r->model).parent_path().filename().string();
      try {
        r->model = find_model(ref, &how);
        if (note) *note = "model: " + how;
      } catch (const Error& e) {
        if (note) *note = e.what();
      }
    }
  }
  // A config recorded by name: beside the model, else in the model folders.
  if (!r->model_config.empty() && r->model_config.find('/') == std::string::npos) {
    std::error_code ec;
    const fs::path model(r->model);
    const fs::path beside = (fs::is_directory(model, ec) ? model : model.parent_path()) / r->model_config;
    if (!r->model.empty() && fs::is_regular_file(beside, ec)) {
      r->model_config = beside.string();
    } else {
      try {
        r->model_config = find_model({r->model_config, ""});
      } catch (const Error&) {
        if (note) *note += std::string(note->empty() ? "" : "; ") + "config '" + r->model_config +
                           "' is neither beside the model nor in the model folders: give --config";
      }
    }
  }
  if (!r->vae.empty() && r->vae.find('/') == std::string::npos) {
    try {
      r->vae = find_model({r->vae, ""});
    } catch (const Error&) {
    }
  }
}

}  // namespace

GenerationRequest request_from_png(const std::string& path, std::string* model_note) {
  const std::vector<PngText> texts = read_png_text(path);
  if (const PngText* t = find_png_text(texts, kRequestKey)) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(t->text);
    } catch (const nlohmann::json::exception&) {
      throw LoadError(path + ": its '" + std::string(kRequestKey) + "' text is not valid JSON");
    }
    GenerationRequest r = GenerationRequest::from_json(j);
    if (const PngText* m = find_png_text(texts, kSegmentationKey)) r.segmentation = decode_label_map(m->text, path);
    resolve_models(&r, model_note);
    return r;
  }
  if (const PngText* t = find_png_text(texts, kParametersKey)) {
    // Another program's picture (A1111 and compatible): its model by the name and short hash it records.
    ParsedParameters p = parse_parameters(t->text);
    GenerationRequest r = std::move(p.request);
    if (!p.model_name.empty()) {
      r.model = p.model_name;
      const auto hash = p.extra.find("Model hash");
      if (hash != p.extra.end()) r.model_hash = hash->second;
      resolve_models(&r, model_note);
    }
    return r;
  }
  throw LoadError(path + " holds no generation parameters (neither '" + std::string(kRequestKey) + "' nor '" +
              std::string(kParametersKey) + "' text)");
}

}  // namespace ldm
