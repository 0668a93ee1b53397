// ldm train autoencoder|diffusion|export|bundle, ldm dataset: the paper's two training stages on the
// shapes-world dataset (core/training), and the recipe that produces resources/models/.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/io/yaml_json.h"
#include "core/runtime/resources.h"
#include "core/runtime/runtime.h"
#include "core/training/shapes_world.h"
#include "core/training/training.h"
#ifdef LDM_HAVE_IMAGING
#include "core/imaging/image_io.h"
#endif

namespace ldm::cli {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_cancel{false};
extern "C" void on_sigint(int) { g_cancel.store(true); }

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

TrainOptions base_options(const Args& args) {
  TrainOptions o;
  o.max_steps = args.get_int64("steps", -1);
  // Given, it must be a number of steps: 0 or -1 trained the whole recipe (minutes to hours) unasked.
  if (args.has("steps") && o.max_steps < 1) throw UsageError{"--steps must be at least 1 (leave it out for the recipe's)"};
  o.device = args.get("device", "auto");
  if (o.device != "auto" && o.device != "cpu" && o.device != "cuda")
    throw UsageError{"--device must be auto, cpu or cuda (got '" + o.device + "')"};
  o.step_scale = args.get_double("step-scale", 1.0);
  if (!(o.step_scale > 0) || o.step_scale > 1000) throw UsageError{"--step-scale must be in (0, 1000]"};
  o.resume = args.flag("resume");
  o.cancel = &g_cancel;
  const bool json = args.flag("json");
  o.on_progress = [json](const TrainProgress& p) {
    if (json) {
      nlohmann::json j{{"stage", p.stage}, {"step", p.step}, {"total", p.total}, {"losses", p.losses},
                       {"its_per_sec", p.its_per_sec}, {"eta_seconds", p.eta_seconds}};
      if (!p.message.empty()) j = {{"stage", p.stage}, {"message", p.message}};
      std::printf("%s\n", j.dump().c_str());
    } else if (!p.message.empty()) {
      std::printf("[%s] %s\n", p.stage.c_str(), p.message.c_str());
    } else {
      std::printf("[%s] step %lld/%lld", p.stage.c_str(), static_cast<long long>(p.step), static_cast<long long>(p.total));
      for (const auto& [k, v] : p.losses) std::printf("  %s %.4g", k.c_str(), v);
      std::printf("  %.2f it/s  ETA %s\n", p.its_per_sec, clock_text(p.eta_seconds).c_str());
    }
    std::fflush(stdout);
  };
#ifdef LDM_HAVE_IMAGING
  o.write_image = [](const Image& image, const std::string& path) { save_png(path, image); };
  o.read_image = [](const std::string& path) { return load_image(path); };
#endif
  std::signal(SIGINT, on_sigint);
  // Many small matmuls inside LibTorch's parallel regions: one BLAS thread each (2x faster here).
  set_blas_threads(1);
  return o;
}

std::string training_config(const std::string& name) { return resource_path("training/" + name); }

// Whether the stage in `dir` has trained all of `steps`. A stage trained towards another number of
// steps (another --step-scale) is not continued: its learning-rate schedule was made for that number.
bool finished(const std::string& dir, int64_t steps) {
  const std::string cfg = dir + "/config.yaml";
  if (!fs::exists(cfg) || !fs::exists(dir + "/model.safetensors")) return false;
  const auto j = load_yaml_as_json(cfg);
  const auto& t = j.value("training", nlohmann::json::object());
  const int64_t planned = t.value("steps", int64_t{0});
  if (planned != steps)
    throw Error(dir + " was trained towards " + std::to_string(planned) + " steps, this recipe asks " +
                std::to_string(steps) + ": use another --work folder");
  return t.value("steps_done", int64_t{-1}) >= steps;
}

// The steps a recipe stage trains with these options (the trainers' default, 2000, when the config has none).
int64_t recipe_steps(const std::string& config, const TrainOptions& options) {
  const auto j = load_yaml_as_json(config);
  return training::training_steps(options, j.value("training", nlohmann::json::object()).value("steps", int64_t{2000}));
}

int cmd_bundle(const Args& args) {
  const std::string out = args.get("out");
  const std::string work = args.get("work", "runs/default-models");
  if (out.empty()) throw UsageError{"--out DIR is required (e.g. resources/models)"};
  const TrainOptions checked = base_options(args);  // --device and --step-scale checked before anything is trained
  fs::create_directories(work);
  const auto t0 = std::chrono::steady_clock::now();
  std::map<std::string, double> minutes;
  auto stage = [&](const std::string& name, const std::string& config, auto&& fn) {
    const std::string dir = work + "/" + name;
    if (finished(dir, recipe_steps(config, checked))) {
      std::printf("[bundle] %s: already trained in %s\n", name.c_str(), dir.c_str());
      return;
    }
    const auto s0 = std::chrono::steady_clock::now();
    TrainOptions o = checked;
    o.out_dir = dir;
    o.config_path = config;
    o.resume = fs::exists(dir + "/trainer_state.pt");
    fn(o);
    minutes[name] = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count() / 60.0;
    std::printf("[bundle] %s: %.1f min\n", name.c_str(), minutes[name]);
  };
  stage("autoencoder", training_config("autoencoder-kl-f4.yaml"), [&](TrainOptions& o) {
    train_autoencoder(o);
  });
  const std::string ae = work + "/autoencoder";
  stage("decoder", training_config("autoencoder-decoder.yaml"), [&](TrainOptions& o) {
    o.init = ae;
    train_autoencoder(o);
  });
  const std::string decoder = work + "/decoder";
  stage("txt2img", training_config("txt2img.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    train_diffusion(o);
  });
  // The bundled text model trains on from the first run with a lower learning rate; the models below
  // start from the first run's weights, as the bundled ones did.
  stage("txt2img-finetune", training_config("txt2img-finetune.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    o.init = work + "/txt2img";
    train_diffusion(o);
  });
  stage("inpaint", training_config("inpaint.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    o.init = work + "/txt2img";
    train_diffusion(o);
  });
  stage("layout", training_config("layout.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    o.init = work + "/txt2img";
    train_diffusion(o);
  });
  stage("upscale", training_config("upscale.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    train_diffusion(o);
  });
  stage("class", training_config("class.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    o.init = work + "/txt2img";
    train_diffusion(o);
  });
  stage("semantic", training_config("semantic.yaml"), [&](TrainOptions& o) {
    o.autoencoder = ae;
    train_diffusion(o);
  });
  for (const char* name : {"txt2img", "inpaint", "layout", "upscale", "class", "semantic"}) {
    const std::string dst = out + "/shapes-" + name;
    if (fs::exists(dst + "/model.safetensors")) {
      std::printf("[bundle] %s exists: not overwritten\n", dst.c_str());
      continue;
    }
    export_model(work + "/" + name + (std::string(name) == "txt2img" ? "-finetune" : ""), dst, decoder);
    std::printf("[bundle] exported %s (%.1f MB)\n", dst.c_str(), fs::file_size(dst + "/model.safetensors") / 1e6);
  }
  std::printf("[bundle] total %.1f min\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / 60.0);
  return 0;
}

}  // namespace

int cmd_train(const Args& args, const std::string& what) {
  if (what == "autoencoder") {
    TrainOptions o = base_options(args);
    o.config_path = args.get("config", training_config("autoencoder-kl-f4.yaml"));
    o.data_folder = args.get("data");
    o.out_dir = args.get("out");
    o.init = args.get("init");
    if (o.out_dir.empty()) throw UsageError{"--out DIR is required"};
    train_autoencoder(o);
    return 0;
  }
  if (what == "diffusion") {
    TrainOptions o = base_options(args);
    o.config_path = args.get("config");
    o.data_folder = args.get("data");
    o.out_dir = args.get("out");
    o.autoencoder = args.get("autoencoder");
    o.init = args.get("init");
    if (o.config_path.empty() || o.out_dir.empty() || o.autoencoder.empty())
      throw UsageError{"--config FILE, --autoencoder DIR and --out DIR are required"};
    train_diffusion(o);
    return 0;
  }
  if (what == "export") {
    if (!args.has("model") || !args.has("out")) throw UsageError{"--model DIR and --out DIR are required"};
    export_model(args.get("model"), args.get("out"), args.get("decoder"));
    return 0;
  }
  if (what == "bundle") {
    return cmd_bundle(args);
  }
  throw UsageError{"a stage is required: autoencoder, diffusion, export or bundle"};
}

int cmd_dataset(const Args& args) {
#ifdef LDM_HAVE_IMAGING
  const std::string out = args.get("out");
  if (out.empty()) throw UsageError{"--out DIR is required"};
  const int count = args.get_int("count", 16), size = args.get_int("size", 64);
  const long long first = args.get_int64("first", 0);
  if (count < 1 || size < 16 || size > 4096) throw UsageError{"--count must be >= 1 and --size 16..4096"};
  const ShapesWorld world(ShapesWorldOptions{static_cast<uint64_t>(args.get_int64("seed", 1))});
  fs::create_directories(out);
  std::ofstream index(out + "/captions.jsonl", std::ios::app);
  for (int i = 0; i < count; ++i) {
    const uint64_t n = static_cast<uint64_t>(first + i);
    const ShapeScene s = world.scene(n);
    char name[32];
    std::snprintf(name, sizeof name, "%06llu.png", static_cast<unsigned long long>(n));
    save_png(out + "/" + name, render_scene(s, size));
    // The caption beside the picture too, as a folder of pictures for training is read
    // (data.target ldm_studio.data.ImageFolder, core/training/image_folder.h).
    std::ofstream(out + "/" + std::string(name, 6) + ".txt") << s.caption << "\n";
    nlohmann::json boxes = nlohmann::json::array();
    for (const auto& o : s.objects) boxes.push_back({{"label", o.label()}, {"box", {o.x0(), o.y0(), o.x1(), o.y1()}}});
    index << nlohmann::json{{"file", name}, {"caption", s.caption}, {"boxes", boxes}}.dump() << "\n";
  }
  std::printf("%d scenes written to %s\n", count, out.c_str());
  return 0;
#else
  throw UsageError{"this build has no image support (LDM_BUILD_IMAGING=ON)"};
#endif
}

}  // namespace ldm::cli
