// ldm txt2img | img2img | inpaint | layout | upscale: build a GenerationRequest from the options
// (or from a PNG's metadata with --from-png), run it on the Engine, write PNGs with metadata.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli/commands.h"
#include "app/cli/layout_input.h"
#include "core/api/class_names.h"
#include "core/api/engine.h"
#include "core/error.h"
#include "core/imaging/image_io.h"
#include "core/imaging/label_map.h"
#include "core/imaging/png_metadata.h"
#include "core/text/strings.h"

namespace ldm::cli {

namespace {

std::vector<LayoutBox> read_layout_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open layout file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_layout_json(text.str(), path);
}

// The files a run writes: OUTPUT for one image; OUTPUT-i.png (i from 0) for each image of a batch.
std::string output_path(const std::string& output, size_t index, size_t count) {
  if (count <= 1) return output;
  return output.substr(0, output.size() - 4) + "-" + std::to_string(index) + ".png";
}

// Refuses, before anything runs, what would keep the pictures from being written: a file already there
// (none is ever overwritten) or a folder that does not exist or cannot be written to.
void check_outputs_writable(const std::string& output, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    const std::string path = output_path(output, i, count);
    if (::access(path.c_str(), F_OK) == 0)
      throw RequestError(path + " already exists; choose another name (files are never overwritten)");
  }
  const size_t slash = output.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : output.substr(0, slash);
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    throw Error("cannot write " + output + ": " + folder + " is a file, not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    const int err = errno;
    throw Error("cannot write " + output + ": " + std::strerror(err) + " (folder " + folder + ")");
  }
}

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled && ::isatty(2)) {}
  void operator()(const StepInfo& s) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r  step %d/%d  %.2f it/s  ETA %.0fs   ", s.step, s.total, s.its_per_sec, s.eta_seconds);
    if (s.step == s.total) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
};


// A yes/no pair of flags (--NAME / --no-NAME style) onto a request's Toggle; the model decides when neither
// is given.
void read_toggle(const Args& args, const char* on, const char* off, Toggle* t) {
  if (args.flag(on) && args.flag(off)) throw UsageError{std::string("--") + on + " and --" + off + " contradict each other"};
  if (args.flag(on)) *t = Toggle::On;
  if (args.flag(off)) *t = Toggle::Off;
}

}  // namespace

int cmd_generate(Task task, const Args& args) {
  GenerationRequest r;
  if (args.has("from-png")) {
    std::string model_note;
    r = request_from_png(args.get("from-png"), &model_note);
    // Which model the picture's name and hash led to (unless --model chooses one), or why none.
    std::error_code ec;
    if (!args.has("model") && !r.model.empty() && !model_note.empty() && !std::filesystem::exists(r.model, ec))
      throw LoadError(model_note);
    if (!model_note.empty() && !args.has("model") && !args.flag("quiet")) std::fprintf(stderr, "%s\n", model_note.c_str());
    if (r.task != task) {
      throw UsageError{args.get("from-png") + " was made by 'ldm " + task_name(r.task) + "', not 'ldm " + task_name(task) + "'"};
    }
  }
  r.task = task;
  if (args.has("model")) r.model = args.get("model");
  if (args.has("config")) r.model_config = args.get("config");
  if (args.has("vae")) r.vae = args.get("vae");
  if (args.has("ema")) r.ema = args.get("ema");
  if (args.has("prompt")) r.prompt = args.get("prompt");
  if (args.has("negative")) r.negative_prompt = args.get("negative");
  // The request reads 0 (size) and negative values (eta, guidance, feather) as "the model's default": a
  // user's value there is refused rather than read as no value.
  for (const char* o : {"width", "height"})
    if (args.has(o) && args.get_int(o, 0) < 1) throw RequestError(std::string("--") + o + " must be a positive number of pixels");
  for (const char* o : {"eta", "cfg", "feather"})
    if (args.has(o) && !(args.get_double(o, 0.0) >= 0.0)) throw RequestError(std::string("--") + o + " must be 0 or more");
  r.width = args.get_int("width", r.width);
  r.height = args.get_int("height", r.height);
  if (args.has("steps") && args.get_int("steps", 0) < 1) throw RequestError("steps must be between 1 and 1000");
  r.steps = args.get_int("steps", r.steps);
  if (args.has("sampler")) {
    r.sampler = args.get("sampler");
    r.karras = false;  // the model's default Karras setting goes with its default sampler only
  }
  if (args.flag("karras")) r.karras = true;
  r.eta = args.get_double("eta", r.eta);
  r.cfg_scale = args.get_double("cfg", r.cfg_scale);
  r.seed = args.get_int64("seed", r.seed);
  if (args.has("batch")) {
    r.batch = args.get_int("batch", r.batch);
    r.batch_index = -1;  // a new batch: every image
  }
  r.device = args.get("device", r.device);
  r.precision = args.get("precision", r.precision);
  r.clip_skip = args.get_int("clip-skip", r.clip_skip);
  if (args.has("lora")) {
    r.loras.clear();  // given: replaces the PNG's list
    for (const std::string& v : args.all("lora")) {
      // FILE[:STRENGTH[:UNET_STRENGTH]]; a path may hold ':' itself, so numbers are taken from the end.
      LoraRef l;
      std::string rest = v;
      std::vector<double> numbers;
      for (int k = 0; k < 2; ++k) {
        const auto colon = rest.rfind(':');
        if (colon == std::string::npos) break;
        char* end = nullptr;
        const std::string tail = rest.substr(colon + 1);
        const double x = std::strtod(tail.c_str(), &end);
        if (tail.empty() || end != tail.c_str() + tail.size()) break;
        numbers.insert(numbers.begin(), x);
        rest = rest.substr(0, colon);
      }
      l.path = rest;
      if (!numbers.empty()) l.strength = l.unet_strength = numbers[0];
      if (numbers.size() > 1) l.unet_strength = numbers[1];
      r.loras.push_back(l);
    }
  }
  if (args.has("embedding")) r.embeddings = args.all("embedding");  // given: replaces the PNG's list
  if (task == Task::Txt2Img) {
    r.hires_scale = args.get_double("hires-scale", r.hires_scale);
    r.hires_upscaler = args.get("hires-upscaler", r.hires_upscaler);
    r.hires_steps = args.get_int("hires-steps", r.hires_steps);
    r.strength = args.get_double("strength", r.strength);
    // The second pass's options do nothing without one: say so rather than run without them.
    if (r.hires_scale == 0.0)
      for (const char* o : {"hires-upscaler", "hires-steps", "strength"})
        if (args.has(o)) throw UsageError{std::string("--") + o + " is an option of the hires fix: give --hires-scale too"};
  }
  if (task == Task::Img2Img) {
    if (!args.has("init")) throw UsageError{"--init IMAGE is required"};
    r.init_image = load_image(args.get("init"));
    r.strength = args.get_double("strength", r.strength);
  }
  if (task == Task::Inpaint) {
    if (args.has("outpaint")) {
      // N (every side) or L,T,R,B in pixels
      std::vector<int> m;
      std::stringstream ss(args.get("outpaint"));
      for (std::string part; std::getline(ss, part, ',');) {
        char* end = nullptr;
        const long v = std::strtol(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0') throw UsageError{"--outpaint takes N or L,T,R,B (pixels), not '" + args.get("outpaint") + "'"};
        m.push_back(static_cast<int>(v));
      }
      if (m.size() == 1) m = {m[0], m[0], m[0], m[0]};
      if (m.size() != 4) throw UsageError{"--outpaint takes N or L,T,R,B (pixels)"};
      r.outpaint_left = m[0], r.outpaint_top = m[1], r.outpaint_right = m[2], r.outpaint_bottom = m[3];
    }
    const bool outpainting = r.outpaint_left || r.outpaint_top || r.outpaint_right || r.outpaint_bottom;
    if (!args.has("image") || (!args.has("mask") && !outpainting))
      throw UsageError{"--image IMAGE and --mask MASK are required (or --image and --outpaint)"};
    r.init_image = load_image(args.get("image"));
    r.mask = args.has("mask") ? load_mask(args.get("mask")) : Image();
    r.mask_feather = args.get_double("feather", r.mask_feather);
    read_toggle(args, "keep-unmasked", "no-keep-unmasked", &r.keep_unmasked);
    read_toggle(args, "blend-known", "no-blend-known", &r.blend_known);
  }
  if (task == Task::Layout) {
    if (args.has("layout")) r.boxes = read_layout_file(args.get("layout"));
    for (const auto& spec : args.all("box")) r.boxes.push_back(parse_box(spec));
  }
  if (task == Task::Sample || task == Task::Semantic) {
    // Class and label names belong to the model: its description has them.
    const std::string model = r.model.empty() ? bundled_model_path(task) : r.model;
    if (model.empty()) throw RequestError(std::string("no model given for ") + task_name(task) + " and no bundled one: pass --model PATH");
    const ModelInfo info = describe_model(model, r.model_config);
    if (task == Task::Sample && args.has("class")) {
      if (info.class_names.empty()) throw UsageError{"--class: '" + info.name + "' is not class-conditional"};
      try {
        r.class_label = resolve_class_name(info.class_names, args.get("class"));
      } catch (const RequestError& e) {
        throw UsageError{std::string("--class: ") + e.what()};
      }
    }
    if (task == Task::Semantic) {
      if (args.has("segmentation")) {
        r.segmentation = args.has("palette")
                             ? labels_from_colours(load_image(args.get("segmentation")),
                                                   load_palette(args.get("palette"), info.class_names))
                             : load_label_map(args.get("segmentation"));
        if (!args.has("width")) r.width = 0;
        if (!args.has("height")) r.height = 0;
      }
      if (r.segmentation.empty()) throw UsageError{"--segmentation LABELS.png is required"};
    }
  }
  if (task == Task::Upscale) {
    if (!args.has("image")) throw UsageError{"--image IMAGE is required"};
    r.init_image = load_image(args.get("image"));
    read_toggle(args, "match-input", "no-match-input", &r.match_input);
    read_toggle(args, "from-input", "from-noise", &r.start_from_input);
    r.strength = args.get_double("strength", r.strength);
  }
  if (task == Task::Semantic || task == Task::Upscale) {  // the tasks that sample in tiles
    r.tile = args.get_int("tile", r.tile);
    r.tile_stride = args.get_int("tile-stride", r.tile_stride);
  }
  if (args.has("strength") && !(r.strength > 0.0 && r.strength <= 1.0)) throw UsageError{"--strength must be in (0, 1]"};
  if (!args.has("output")) throw UsageError{"--output FILE.png is required"};
  const std::string output = args.get("output");
  if (!ldm::text::ends_with(output, ".png")) {
    throw UsageError{"--output must name a .png file"};
  }
  check_outputs_writable(output, r.batch_index >= 0 ? 1 : static_cast<size_t>(std::max(r.batch, 1)));

  RunOptions run;
  if (args.has("memory") && !parse_memory_use(args.get("memory"), &run.memory))
    throw UsageError{"--memory must be auto, keep or low"};
  Engine engine;
  ProgressLine progress(!args.flag("quiet") && !args.flag("json"));
  run.on_step = [&](const StepInfo& s) { progress(s); };  // no previews: nothing would show them
  GenerationResult res = engine.run(r, run);
  for (const auto& w : res.warnings) std::fprintf(stderr, "ldm %s: warning: %s\n", task_name(task), w.c_str());
  if (r.seed < 0 && !args.flag("quiet") && !args.flag("json"))  // the one the engine drew (--json has it)
    std::fprintf(stderr, "ldm %s: seed %lld (random; recorded in the PNG)\n", task_name(task),
                 static_cast<long long>(res.request.seed));

  // One file per image; each PNG records the batch it belongs to and its place in it, from which
  // --from-png regenerates exactly that image (docs/cli.md, "Seeds and batches").
  nlohmann::json written = nlohmann::json::array();
  for (size_t i = 0; i < res.images.size(); ++i) {
    GenerationRequest meta = res.request;
    if (res.request.batch_index < 0 && res.request.batch > 1) meta.batch_index = static_cast<int>(i);
    // A file that appeared while the run went on is kept; the picture takes the next free name.
    const std::string asked = output_path(output, i, res.images.size());
    const std::string path = save_png_unique(asked, res.images[i], generation_metadata(meta));
    if (path != asked) std::fprintf(stderr, "ldm %s: warning: %s appeared meanwhile; wrote %s\n", task_name(task), asked.c_str(), path.c_str());
    written.push_back(path);
  }
  if (args.flag("json")) {
    nlohmann::json j = {{"outputs", written}, {"seed", res.request.seed}, {"seconds", res.seconds},
                        {"memory", res.low_memory ? "low" : "keep"}, {"model", res.model.name}, {"warnings", res.warnings}, {"request", res.request.to_json()}};
    std::cout << j.dump(2) << "\n";
  } else {
    for (const auto& p : written) std::cout << p.get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace ldm::cli
