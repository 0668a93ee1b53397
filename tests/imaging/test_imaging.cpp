// ldm_imaging: PNG text chunks and generation metadata, image loading errors, never-overwrite
// saving, masks.
#include <ATen/ATen.h>

#include <QtTest/QtTest>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/imaging/image_io.h"
#include "core/imaging/png_metadata.h"
#include "core/io/atomic_file.h"
#include "core/io/sha256.h"
#include "support/errors.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}
void write_bytes(const std::string& path, const std::vector<uint8_t>& d) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(d.data()), static_cast<std::streamsize>(d.size()));
}
std::string own_data(const char* name) { return std::string(LDM_SOURCE_DIR) + "/tests/imaging/data/" + name; }

Image test_image(int w, int h, int c, int seed = 0) {
  Image im = Image::blank(w, h, c);
  uint32_t s = 2166136261u + seed;
  for (auto& p : im.pixels) {
    s = s * 1664525u + 1013904223u;
    p = static_cast<uint8_t>(s >> 24);
  }
  return im;
}

Image image_from_hwc(const at::Tensor& hwc_u8) {
  auto t = hwc_u8.contiguous();
  Image im = Image::blank(t.size(1), t.size(0), t.size(2));
  std::memcpy(im.pixels.data(), t.data_ptr<uint8_t>(), im.pixels.size());
  return im;
}
at::Tensor hwc_from(const Image& im) {
  return at::from_blob(const_cast<uint8_t*>(im.pixels.data()), {im.height, im.width, im.channels}, at::kByte).clone();
}

double max_abs(const at::Tensor& a, const at::Tensor& b) { return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>(); }

}  // namespace

class TestImaging : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // ---------------- PNG text chunks ----------------
  void textChunksRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/t.png";
    const std::vector<PngText> texts = {
        {"ascii", "a photo of a cat, 4k"},
        {"latin1", "caf\xc3\xa9 na\xc3\xafve \xc2\xb5"},                         // café naïve µ: fits Latin-1 -> tEXt
        {"utf8", "\xe7\x8c\xab \xf0\x9f\x90\xb1 \xe5\xaf\xbf\xe5\x8f\xb8 \xf0\x9f\x8d\xa3\nline 2"},  // 猫 🐱 寿司 🍣
        {"empty", ""},
    };
    const Image im = test_image(23, 17, 3);
    save_png(path, im, texts);
    const auto back = read_png_text(path);
    QCOMPARE(back.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      QCOMPARE(back[i].keyword, texts[i].keyword);
      QCOMPARE(back[i].text, texts[i].text);
    }
    // Chunk types on disk: Latin-1-representable text as tEXt, the rest as iTXt, ahead of IDAT.
    const auto bytes = read_bytes(path);
    std::vector<std::string> types;
    for (const auto& c : walk_png_chunks(bytes.data(), bytes.size(), path)) types.push_back(c.type);
    QCOMPARE(types.front(), std::string("IHDR"));
    QCOMPARE(types.back(), std::string("IEND"));
    QCOMPARE(std::count(types.begin(), types.end(), std::string("tEXt")), 3L);
    QCOMPARE(std::count(types.begin(), types.end(), std::string("iTXt")), 1L);
    QVERIFY(std::find(types.begin(), types.end(), "iTXt") < std::find(types.begin(), types.end(), "IDAT"));
    // The Latin-1 chunk stores single bytes (é = 0xE9), as the PNG spec and PIL do.
    const std::string raw(bytes.begin(), bytes.end());
    QVERIFY(raw.find(std::string("latin1\0caf\xe9", 11)) != std::string::npos);
    // Pixels are lossless.
    const Image loaded = load_image(path);
    QCOMPARE(loaded.width, 23);
    QCOMPARE(loaded.height, 17);
    QCOMPARE(loaded.channels, 3);
    QVERIFY(loaded.pixels == im.pixels);
  }

  void textChunkValidation() {
    const Image im = test_image(4, 4, 3);
    QVERIFY(test::error_message([&] { encode_png(im, {{"", "x"}}); }).find("keyword") != std::string::npos);
    QVERIFY(test::error_message([&] { encode_png(im, {{" lead", "x"}}); }).find("keyword") != std::string::npos);
    QVERIFY(test::error_message([&] { encode_png(im, {{std::string(80, 'k'), "x"}}); }).find("keyword") != std::string::npos);
    QVERIFY(test::error_message([&] { encode_png(im, {{"k", std::string("a\0b", 3)}}); }).find("NUL") != std::string::npos);
    QVERIFY(test::error_message([&] { encode_png(im, {{"k", "bad \xc3\x28 utf8"}}); }).find("UTF-8") != std::string::npos);
  }

  void crcRejectsCorruptedChunk() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/c.png";
    save_png(path, test_image(8, 8, 3), {{"parameters", "a prompt\nSteps: 20, Sampler: DDIM, CFG scale: 7.5"}});
    auto bytes = read_bytes(path);
    const std::string raw(bytes.begin(), bytes.end());
    const size_t at = raw.find("a prompt");
    QVERIFY(at != std::string::npos);
    bytes[at] ^= 0x20;  // 'a' -> 'A': same length, bad CRC
    write_bytes(path, bytes);
    const std::string msg = test::error_message([&] { read_png_text(path); });
    QVERIFY2(msg.find("tEXt") != std::string::npos && msg.find("CRC") != std::string::npos, msg.c_str());
    QVERIFY(test::error_message([&] { load_image(path); }).find("CRC") != std::string::npos);
    // A corrupted IDAT is caught too.
    auto b2 = read_bytes(own_data("alpha_mask.png"));
    const std::string raw2(b2.begin(), b2.end());
    b2[raw2.find("IDAT") + 6] ^= 1;
    const std::string p2 = dir.path().toStdString() + "/d.png";
    write_bytes(p2, b2);
    QVERIFY(test::error_message([&] { load_image(p2); }).find("'IDAT'") != std::string::npos);
  }

  void truncatedFilesGiveErrors() {
    QTemporaryDir dir;
    const std::string full = dir.path().toStdString() + "/full.png";
    save_png(full, test_image(16, 12, 3), generation_metadata(GenerationRequest{}));
    const auto bytes = read_bytes(full);
    // Every possible truncation: an error naming the file, never a crash or a partial image.
    int errors = 0;
    for (size_t n = 0; n < bytes.size(); ++n) {
      const std::string path = dir.path().toStdString() + "/cut" + std::to_string(n) + ".png";
      write_bytes(path, std::vector<uint8_t>(bytes.begin(), bytes.begin() + n));
      const std::string m1 = test::error_message([&] { load_image(path); });
      const std::string m2 = test::error_message([&] { read_png_text(path); });
      errors += !m1.empty() && !m2.empty();
      std::remove(path.c_str());
    }
    QCOMPARE(errors, static_cast<int>(bytes.size()));
    const std::string cut = dir.path().toStdString() + "/cut.png";
    write_bytes(cut, std::vector<uint8_t>(bytes.begin(), bytes.begin() + bytes.size() - 20));
    QVERIFY(test::error_message([&] { load_image(cut); }).find("truncated") != std::string::npos);
    // JPEG cut inside its scan data (libjpeg alone would only warn and return a grey-filled image).
    auto jpg = read_bytes(own_data("tiny.jpg"));
    QCOMPARE(load_image(own_data("tiny.jpg")).width, 24);
    const std::string cutjpg = dir.path().toStdString() + "/cut.jpg";
    write_bytes(cutjpg, std::vector<uint8_t>(jpg.begin(), jpg.end() - 40));
    QVERIFY(test::error_message([&] { load_image(cutjpg); }).find("truncated") != std::string::npos);
  }

  void loadErrors() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    QVERIFY(test::error_message([&] { load_image(d + "/missing.png"); }).find("does not exist") != std::string::npos);
    QVERIFY(test::error_message([&] { load_image(d); }).find("folder") != std::string::npos);
    write_bytes(d + "/empty.png", {});
    QVERIFY(test::error_message([&] { load_image(d + "/empty.png"); }).find("empty") != std::string::npos);
    std::ofstream(d + "/notes.png") << "these are my notes, not a picture\n";
    QVERIFY(test::error_message([&] { load_image(d + "/notes.png"); }).find("is not an image") != std::string::npos);
    QVERIFY(test::error_message([&] { load_image(own_data("tiny.gif")); }).find("GIF image, which is not supported") != std::string::npos);
    // A structurally valid PNG declaring 20000x8: refused before any decoding.
    std::vector<uint8_t> big = read_bytes(own_data("alpha_mask.png"));
    big[16] = 0; big[17] = 0; big[18] = 0x4e; big[19] = 0x20;  // width 20000
    const uLong crc = crc32(0, big.data() + 12, 17);
    for (int i = 0; i < 4; ++i) big[29 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
    write_bytes(d + "/big.png", big);
    const std::string msg = test::error_message([&] { load_image(d + "/big.png"); });
    QVERIFY2(msg.find("20000x12") != std::string::npos && msg.find("16384") != std::string::npos, msg.c_str());
  }

  void masksLoad() {
    // RGBA: transparent background, opaque white rectangle 5..14 x 3..8.
    const Image m = load_mask(own_data("alpha_mask.png"));
    QCOMPARE(m.channels, 1);
    QCOMPARE(m.width, 20);
    QCOMPARE(int(*m.at(0, 0)), 0);
    QCOMPARE(int(*m.at(10, 5)), 255);
    QCOMPARE(int(*m.at(4, 5)), 0);
    // A grey PNG written by us comes back unchanged.
    QTemporaryDir dir;
    const Image g = test_image(9, 7, 1);
    save_png(dir.path().toStdString() + "/g.png", g);
    QVERIFY(load_mask(dir.path().toStdString() + "/g.png").pixels == g.pixels);
    QCOMPARE(load_image(dir.path().toStdString() + "/g.png").channels, 3);
  }

  void neverOverwrites() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/out.png";
    save_png(path, test_image(8, 8, 3, 1));
    const auto before = read_bytes(path);
    const std::string msg = test::error_message([&] { save_png(path, test_image(8, 8, 3, 2)); });
    QVERIFY2(msg.find("already exists") != std::string::npos, msg.c_str());
    QVERIFY(read_bytes(path) == before);
    QCOMPARE(save_png_unique(path, test_image(8, 8, 3, 3)), dir.path().toStdString() + "/out-1.png");
    QCOMPARE(save_png_unique(path, test_image(8, 8, 3, 4)), dir.path().toStdString() + "/out-2.png");
    QVERIFY(read_bytes(path) == before);
    // No temporary files left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
    QVERIFY(test::error_message([&] { save_png(dir.path().toStdString() + "/no/such/dir.png", test_image(4, 4, 3)); }).find("cannot write") !=
            std::string::npos);
  }

  // Writers racing for one name (two windows, the CLI and the GUI saving into one folder): each file
  // gets its own name, none is overwritten or lost.
  void uniqueWritersNeverClobber() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/race.png";
    constexpr int kThreads = 6, kEach = 5;
    std::vector<std::thread> threads;
    std::vector<std::string> written(kThreads * kEach);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const std::string body = "writer " + std::to_string(t) + " file " + std::to_string(i);
          written[static_cast<size_t>(t * kEach + i)] = write_file_unique(path, body.data(), body.size());
        }
      });
    }
    for (auto& th : threads) th.join();
    std::set<std::string> names(written.begin(), written.end());
    QCOMPARE(int(names.size()), kThreads * kEach);
    QCOMPARE(int(QDir(dir.path()).entryList(QDir::Files).size()), kThreads * kEach);
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kEach; ++i) {
        const auto bytes = read_bytes(written[static_cast<size_t>(t * kEach + i)]);
        const std::string body = "writer " + std::to_string(t) + " file " + std::to_string(i);
        QCOMPARE(std::string(bytes.begin(), bytes.end()), body);
      }
    }
  }

  // ---------------- A1111 parameters + ldm-request ----------------
  void parametersFormat() {
    GenerationRequest r;
    r.prompt = "a cat";
    r.negative_prompt = "blurry";
    r.steps = 20;
    r.sampler = "euler_a";
    r.cfg_scale = 7;
    r.seed = 42;
    r.width = r.height = 512;
    // The exact A1111 layout (A1111 writes Python floats, hence "7.0").
    QCOMPARE(format_parameters(r, "sd15"), std::string("a cat\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, "
                                                       "CFG scale: 7.0, Seed: 42, Size: 512x512, Model: sd15"));
    r.task = Task::Img2Img;
    r.strength = 0.75;
    r.negative_prompt.clear();
    r.sampler = "dpmpp_2m";
    r.karras = true;
    QCOMPARE(format_parameters(r, "v1-5, pruned"),
             std::string("a cat\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7.0, Seed: 42, Size: 512x512, "
                         "Model: \"v1-5, pruned\", Denoising strength: 0.75"));
    const std::pair<const char*, const char*> names[] = {{"ddim", "DDIM"}, {"plms", "PLMS"}, {"lms", "LMS"}, {"heun", "Heun"},
                                                         {"euler", "Euler"}, {"ddpm", "DDPM"}};
    for (const auto& [ours, theirs] : names) QCOMPARE(a1111_sampler_name(ours, false), std::string(theirs));
  }

  void parametersRoundTrip() {
    int checked = 0;
    for (const char* sampler : {"ddim", "plms", "ddpm", "euler", "euler_a", "heun", "lms", "dpmpp_2m"}) {
      for (bool karras : {false, true}) {
        for (Task task : {Task::Txt2Img, Task::Img2Img, Task::Inpaint}) {
          GenerationRequest r;
          r.task = task;
          r.prompt = "\xe7\x8c\xab\xe3\x81\xae\xe5\x86\x99\xe7\x9c\x9f \xf0\x9f\x90\xb1, (masterpiece:1.2)\nsecond line: more";
          r.negative_prompt = "lowres,\nbad hands";
          r.steps = 37;
          r.sampler = sampler;
          r.karras = karras;
          r.cfg_scale = 0.1 + 0.2;  // 0.30000000000000004: must survive exactly
          r.seed = 4294967297LL;
          r.width = 640;
          r.height = 448;
          r.strength = 1.0 / 3.0;
          r.mask_feather = 4;
          r.clip_skip = 2;
          r.eta = sampler == std::string("ddim") ? 0.5 : 0.0;
          r.batch = 1;
          const std::string text = format_parameters(r, "my model: v2");
          const ParsedParameters p = parse_parameters(text);
          const GenerationRequest& q = p.request;
          QCOMPARE(p.model_name, std::string("my model: v2"));
          QVERIFY(p.warnings.empty());
          QCOMPARE(q.prompt, r.prompt);
          QCOMPARE(q.negative_prompt, r.negative_prompt);
          QCOMPARE(q.steps, r.steps);
          QCOMPARE(q.sampler, r.sampler);
          QCOMPARE(q.karras, r.karras);
          QCOMPARE(q.cfg_scale, r.cfg_scale);
          QCOMPARE(q.seed, r.seed);
          QCOMPARE(q.width, r.width);
          QCOMPARE(q.height, r.height);
          QCOMPARE(q.clip_skip, r.clip_skip);
          QCOMPARE(q.eta, r.eta);
          QVERIFY(q.task == task);
          if (task != Task::Txt2Img) QCOMPARE(q.strength, r.strength);
          if (task == Task::Inpaint) QCOMPARE(q.mask_feather, r.mask_feather);
          ++checked;
        }
      }
    }
    QCOMPARE(checked, 48);
  }

  void parsesTypicalA1111() {
    const std::string text =
        "masterpiece, best quality, 1girl, looking at viewer\n"
        "Negative prompt: lowres, bad anatomy, (worst quality:1.4)\n"
        "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3356209876, Size: 512x768, Model hash: 7f96a1a9ca, "
        "Model: anything-v5, Denoising strength: 0.55, Clip skip: 2, Hires upscale: 2, Hires upscaler: Latent, "
        "Lora hashes: \"add_detail: 7c6bad76eb54\", TI hashes: \"easynegative: c74b4e810b03\", Version: v1.6.0";
    const ParsedParameters p = parse_parameters(text);
    const GenerationRequest& r = p.request;
    QCOMPARE(r.prompt, std::string("masterpiece, best quality, 1girl, looking at viewer"));
    QCOMPARE(r.negative_prompt, std::string("lowres, bad anatomy, (worst quality:1.4)"));
    QCOMPARE(r.steps, 28);
    QCOMPARE(r.sampler, std::string("dpmpp_2m"));
    QVERIFY(r.karras);
    QCOMPARE(r.cfg_scale, 7.0);
    QCOMPARE(r.seed, int64_t(3356209876LL));
    QCOMPARE(r.width, 512);
    QCOMPARE(r.height, 768);
    QCOMPARE(r.clip_skip, 2);
    QCOMPARE(p.model_name, std::string("anything-v5"));
    QVERIFY(r.task == Task::Txt2Img);  // the strength belongs to the hires pass here
    QCOMPARE(p.extra.at("Model hash"), std::string("7f96a1a9ca"));
    QCOMPARE(p.extra.at("Lora hashes"), std::string("add_detail: 7c6bad76eb54"));
    QCOMPARE(p.extra.at("TI hashes"), std::string("easynegative: c74b4e810b03"));
    QCOMPARE(p.extra.at("Version"), std::string("v1.6.0"));

    // Newer A1111: scheduler separate; an img2img inpaint; an unknown sampler is a warning.
    const ParsedParameters q = parse_parameters(
        "a house\nSteps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.5, Seed: 7, Size: 768x512, "
        "Denoising strength: 0.4, Mask blur: 4");
    QVERIFY(q.request.karras);
    QCOMPARE(q.request.cfg_scale, 5.5);
    QVERIFY(q.request.task == Task::Inpaint);
    QCOMPARE(q.request.mask_feather, 4.0);
    const ParsedParameters u = parse_parameters("x\nSteps: 30, Sampler: DPM++ SDE, CFG scale: 5, Seed: 7, Size: 64x64");
    QCOMPARE(u.warnings.size(), size_t(1));
    QCOMPARE(u.request.sampler, std::string());  // left to the model's default
    // A prompt with no parameter line stays a prompt.
    QCOMPARE(parse_parameters("just a prompt, nothing else").request.prompt, std::string("just a prompt, nothing else"));
    // A malformed known value is a RequestError, not a silent default.
    QVERIFY_THROWS_EXCEPTION(RequestError, parse_parameters("p\nSteps: many, Sampler: DDIM, CFG scale: 7, Seed: 1"));
  }

  // Every field of the request's JSON, set away from its default, comes back from from_json (the two
  // directions share one field list; a field missing from it would come back at its default).
  void requestJsonKeepsEveryField() {
    GenerationRequest r;
    r.task = Task::Upscale;
    r.model = "m.ckpt", r.model_hash = "0123456789", r.model_config = "c.yaml", r.ema = "off", r.vae = "v.pt";
    r.prompt = "p", r.negative_prompt = "n", r.width = 96, r.height = 160, r.steps = 7, r.sampler = "lms";
    r.karras = true, r.eta = 0.25, r.cfg_scale = 2.5, r.seed = 99, r.batch = 3, r.batch_index = 2;
    r.device = "cuda", r.precision = "bf16", r.clip_skip = 2, r.strength = 0.4, r.hires_scale = 1.5;
    r.hires_upscaler = "bicubic", r.hires_steps = 5, r.mask_feather = 3, r.class_label = 17, r.tile = 48;
    r.tile_stride = 40;
    const nlohmann::json j = r.to_json();
    for (const char* key : {"model", "model_hash", "model_config", "ema", "vae", "prompt", "negative_prompt", "width",
                            "height", "steps", "sampler", "karras", "eta", "cfg_scale", "seed", "batch", "batch_index",
                            "device", "precision", "clip_skip", "strength", "hires_scale", "hires_upscaler",
                            "hires_steps", "mask_feather", "class", "tile", "tile_stride"})
      QVERIFY2(j.contains(key), key);
    const GenerationRequest b = GenerationRequest::from_json(j);
    // Every value above differs from the default, so a field from_json did not read would differ here.
    QCOMPARE(b.to_json().dump(), j.dump());
    // Fields at their "left out" defaults are not written.
    const nlohmann::json d = GenerationRequest().to_json();
    for (const char* key : {"model_hash", "model_config", "ema", "vae", "batch_index", "hires_scale", "class"})
      QVERIFY2(!d.contains(key), key);
  }

  void requestRoundTripsThroughPng() {
    GenerationRequest r;
    r.task = Task::Layout;
    r.model = "/models/\xe6\xa8\xa1\xe5\x9e\x8b.ckpt";
    r.prompt = "\xf0\x9f\x90\xa2 tortoise";
    r.negative_prompt = "";
    r.width = 256;
    r.height = 320;
    r.steps = 13;
    r.sampler = "heun";
    r.karras = true;
    r.eta = 0.1 + 0.2;
    r.cfg_scale = 1.0 / 3.0;
    r.seed = 123456789012345LL;
    r.strength = 0.3;
    r.boxes.push_back({"Tortoise", -1, 0.1f, 0.2f, 0.5f, 0.6f, true, false, true, false});
    r.boxes.push_back({"", 5, 0.f, 0.f, 1.f, 1.f, false, true, false, true});
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/r.png";
    save_png(path, test_image(8, 8, 3), generation_metadata(r));
    const GenerationRequest back = request_from_png(path);
    // The picture names the model by its file name (no such file here: no hash, and not found).
    r.model = "\xe6\xa8\xa1\xe5\x9e\x8b.ckpt";
    QCOMPARE(back.to_json().dump(), r.to_json().dump());
    QCOMPARE(back.eta, 0.1 + 0.2);
    // Without the JSON chunk, the A1111 text is used.
    const std::string p2 = dir.path().toStdString() + "/a1111.png";
    save_png(p2, test_image(8, 8, 3), {{"parameters", "cat\nSteps: 9, Sampler: Euler a, CFG scale: 3, Seed: 5, Size: 64x64"}});
    const GenerationRequest a = request_from_png(p2);
    QCOMPARE(a.steps, 9);
    QCOMPARE(a.sampler, std::string("euler_a"));
    const std::string p3 = dir.path().toStdString() + "/none.png";
    save_png(p3, test_image(8, 8, 3));
    QVERIFY(test::error_message([&] { request_from_png(p3); }).find("no generation parameters") != std::string::npos);
  }

  void sha256MatchesTheStandardVectors() {
    auto hex = [](const std::string& text) {
      Sha256 h;
      h.update(text.data(), text.size());
      return h.hex_digest();
    };
    QCOMPARE(hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    Sha256 chunks;  // a million 'a' fed in uneven pieces
    const std::string piece(997, 'a');
    size_t left = 1000000;
    while (left > 0) {
      const size_t n = std::min(left, piece.size());
      chunks.update(piece.data(), n);
      left -= n;
    }
    QCOMPARE(chunks.hex_digest(), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  }

  // A shared picture names its model, VAE and LoRAs without paths; --from-png finds the model again:
  // one used on this machine by its hash, a renamed copy in the model folders by its hash, else by name.
  void picturesNameModelsNotPaths() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const fs::path secret = root / "home-of-alice" / "sd1-tiny";
    fs::create_directories(secret);
    for (const char* f : {"model.safetensors", "config.yaml"}) fs::copy_file(test::fixture_file("sd1-tiny", f), secret / f);
    qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((root / "cache").string()));
    qputenv("LDM_MODEL_PATH", QByteArray::fromStdString((root / "models").string()));
    GenerationRequest r;
    r.model = secret.string();
    r.vae = (root / "home-of-alice" / "better.vae.safetensors").string();
    r.loras = {{(root / "home-of-alice" / "style.safetensors").string(), 0.5, 0.5}};
    r.prompt = "a cat";
    r.steps = 3;
    const auto texts = generation_metadata(r);
    const std::string hash = sha256_of_file((secret / "model.safetensors").string());
    for (const auto& t : texts) QVERIFY2(t.text.find("home-of-alice") == std::string::npos, t.text.c_str());
    const nlohmann::json j = nlohmann::json::parse(find_png_text(texts, kRequestKey)->text);
    QCOMPARE(j["model"].get<std::string>(), std::string("sd1-tiny"));
    QCOMPARE(j["model_hash"].get<std::string>(), hash);
    QCOMPARE(j["vae"].get<std::string>(), std::string("better.vae.safetensors"));
    QCOMPARE(j["loras"][0]["path"].get<std::string>(), std::string("style.safetensors"));
    QVERIFY(find_png_text(texts, kParametersKey)->text.find("Model hash: " + hash.substr(0, 10) + ", Model: sd1-tiny") !=
            std::string::npos);

    const std::string png = (root / "shared.png").string();
    save_png(png, test_image(8, 8, 3), texts);
    std::string note;
    QCOMPARE(request_from_png(png, &note).model, secret.string());  // hashed on this machine when saved
    QVERIFY(note.find("used on this machine") != std::string::npos);
    // Someone else's machine: an empty cache; not in the model folders -> the name stays, the note says why.
    qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((root / "cache2").string()));
    QCOMPARE(request_from_png(png, &note).model, std::string("sd1-tiny"));
    QVERIFY2(note.find("not found") != std::string::npos, note.c_str());
    // A renamed copy in a model folder: found by its hash.
    fs::create_directories(root / "models" / "my-copy");
    for (const char* f : {"model.safetensors", "config.yaml"})
      fs::copy_file(secret / f, root / "models" / "my-copy" / f);
    QCOMPARE(request_from_png(png, &note).model, (root / "models" / "my-copy").string());
    QVERIFY2(note.find("hash matches") != std::string::npos, note.c_str());
    // A copy under the same name but other bytes is not taken for it.
    fs::create_directories(root / "models" / "sd1-tiny");
    fs::copy_file(test::fixture_file("sd2-tiny", "model.safetensors"), root / "models" / "sd1-tiny" / "model.safetensors");
    QCOMPARE(request_from_png(png, &note).model, (root / "models" / "my-copy").string());
    // The model under its own name in a model folder (e.g. this installation's bundled one) comes before
    // a copy of the same bytes elsewhere that the hash cache remembers (it chose another checkout's).
    // (A copy of the first cache: find_model remembers its answers per cache file within a process.)
    fs::copy(root / "cache", root / "cache3", fs::copy_options::recursive);
    qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((root / "cache3").string()));
    fs::remove_all(root / "models" / "sd1-tiny");
    fs::copy(secret, root / "models" / "sd1-tiny");
    QCOMPARE(request_from_png(png, &note).model, (root / "models" / "sd1-tiny").string());
    QVERIFY2(note.find("name and hash match") != std::string::npos, note.c_str());
    qunsetenv("LDM_MODEL_PATH");
    qunsetenv("XDG_CACHE_HOME");
  }

  // A web UI picture records its model as "Model: NAME" (the file name without its extension) and
  // "Model hash: " the first 10 hex digits of the file's SHA-256. --from-png ran the bundled model instead,
  // without a word, and `ldm info --png` printed an empty model line.
  void webUiPicturesNameTheirModel() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    fs::create_directories(root / "models");
    const fs::path file = root / "models" / "dreamy-v2.safetensors";
    fs::copy_file(test::fixture_file("sd1-tiny", "model.safetensors"), file);
    fs::copy_file(test::fixture_file("sd1-tiny", "config.yaml"), root / "models" / "dreamy-v2.yaml");
    qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((root / "cache").string()));
    qputenv("LDM_MODEL_PATH", QByteArray::fromStdString((root / "models").string()));
    const std::string hash = sha256_of_file(file.string()).substr(0, 10);
    auto picture = [&](const std::string& model, const std::string& model_hash) {
      const std::string png = (root / (model + model_hash + ".png")).string();
      save_png(png, test_image(8, 8, 3),
               {{kParametersKey, "a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x512, Model hash: " +
                                     model_hash + ", Model: " + model}});
      return png;
    };
    std::string note;
    GenerationRequest r = request_from_png(picture("dreamy-v2", hash), &note);
    QCOMPARE(r.model, file.string());
    QVERIFY2(note.find("name and hash match") != std::string::npos, note.c_str());
    QCOMPARE(r.seed, int64_t(5));
    // Renamed since: found by its hash.
    QCOMPARE(request_from_png(picture("dreamy-old-name", hash), &note).model, file.string());
    QVERIFY2(note.find("hash matches") != std::string::npos, note.c_str());
    // Another model under that name is not taken for it; the note says what is missing.
    r = request_from_png(picture("dreamy-v2", "0123456789"), &note);
    QCOMPARE(r.model, std::string("dreamy-v2"));
    QVERIFY2(note.find("'dreamy-v2' (hash 0123456789) not found") != std::string::npos, note.c_str());
    qunsetenv("LDM_MODEL_PATH");
    qunsetenv("XDG_CACHE_HOME");
  }

  // ---------------- conversions and resizing ----------------
 private:
  static bool torch_equal(const at::Tensor& a, const at::Tensor& b) { return a.sizes() == b.sizes() && a.equal(b); }
};

LDM_TEST_MAIN(TestImaging)
#include "test_imaging.moc"
