// ldm info --model PATH [--json] [--classes] [--config YAML] [--no-config] [--ema auto|on|off]
// ldm info --png FILE.png [--json]: what made a picture
// ldm info --system [--json]
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/api/engine.h"
#include "core/api/model_info.h"
#include "core/api/system_info.h"
#include "core/io/model_loader.h"
#include "core/runtime/runtime.h"
#ifdef LDM_HAVE_IMAGING
#include "core/imaging/png_metadata.h"
#endif

namespace ldm::cli {

namespace {

std::string human_count(int64_t n) {
  char buf[32];
  if (n >= 1000000) {
    std::snprintf(buf, sizeof buf, "%.2fM", n / 1e6);
  } else if (n >= 1000) {
    std::snprintf(buf, sizeof buf, "%.1fK", n / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  }
  return buf;
}

// What the weights take in memory and what `--memory auto` does with them on this machine's CPU now.
nlohmann::json memory_json(int64_t parameters) {
  const long long available = available_memory_bytes();
  auto choice = [&](const char* precision) {
    return auto_chooses_low_memory(parameters, precision, "cpu", available) ? "low" : "keep";
  };
  return {{"weights_bytes_fp32", parameters * 4}, {"weights_bytes_half", parameters * 2},
          {"available_bytes", available}, {"auto_cpu_fp32", choice("fp32")}, {"auto_cpu_bf16", choice("bf16")}};
}

}  // namespace

EmaMode parse_ema(const std::string& v) {
  if (v == "auto") return EmaMode::Auto;
  if (v == "on") return EmaMode::Use;
  if (v == "off") return EmaMode::Ignore;
  throw UsageError{"--ema expects auto, on or off"};
}

nlohmann::json system_json(const SystemInfo& s) {
  auto device = [](const ComputeDevice& d) {
    nlohmann::json j = {{"id", d.id}, {"name", d.name}, {"precisions", d.precisions}};
    if (d.memory_bytes > 0) j["memory_bytes"] = d.memory_bytes;
    if (!d.compute_capability.empty()) j["compute_capability"] = d.compute_capability;
    return j;
  };
  nlohmann::json j = {{"libtorch", s.libtorch_version}, {"cuda", s.cuda_version}, {"cudnn", s.cudnn_version},
                      {"threads", s.threads}, {"interop_threads", s.interop_threads}, {"blas", s.blas},
                      {"openblas_coretype", s.openblas_coretype}, {"available_memory_bytes", available_memory_bytes()},
                      {"cuda_fast_paths", s.cuda_fast_paths}};
  j["devices"] = nlohmann::json::array();
  for (const auto& d : s.devices) j["devices"].push_back(device(d));
  for (const auto& d : s.other_gpus) j["other_gpus"].push_back(device(d));
  return j;
}

int cmd_info_system(const Args& args) {
  const SystemInfo s = system_info();
  if (args.flag("json")) {
    std::cout << system_json(s).dump(2) << "\n";
    return 0;
  }
  auto or_none = [](const std::string& v) { return v.empty() ? std::string("none") : v; };
  std::printf("LibTorch     %s\n", s.libtorch_version.c_str());
  std::printf("CUDA         %s\n", or_none(s.cuda_version).c_str());
  std::printf("cuDNN        %s\n", or_none(s.cudnn_version).c_str());
  std::string paths;
  for (const auto& p : s.cuda_fast_paths) paths += (paths.empty() ? "" : ", ") + p;
  std::printf("CUDA paths   %s\n", or_none(paths).c_str());
  std::printf("threads      %d (inter-op %d)\n", s.threads, s.interop_threads);
  std::printf("memory       %.1f GB available\n", available_memory_bytes() / 1e9);
  std::printf("BLAS         %s%s\n", or_none(s.blas).c_str(),
              s.openblas_coretype.empty() ? "" : (" (OPENBLAS_CORETYPE=" + s.openblas_coretype + ")").c_str());
  auto print_device = [](const ComputeDevice& d, const char* note) {
    std::string precisions;
    for (const auto& p : d.precisions) precisions += (precisions.empty() ? "" : ", ") + p;
    std::printf("device       %-6s %s", d.id.c_str(), d.name.c_str());
    if (d.memory_bytes > 0) std::printf(", %.1f GiB", d.memory_bytes / 1073741824.0);
    if (!d.compute_capability.empty()) std::printf(", compute %s", d.compute_capability.c_str());
    std::printf(" [%s]%s\n", precisions.c_str(), note);
  };
  for (const auto& d : s.devices) print_device(d, "");
  for (const auto& d : s.other_gpus) print_device(d, " (not used: the engine runs on the first GPU)");
  return 0;
}

// What made a picture: its request (as --from-png reads it), the model this machine would use for it,
// and the command that makes it again.
int cmd_info_png(const Args& args) {
#ifdef LDM_HAVE_IMAGING
  const std::string path = args.get("png");
  std::string note;
  const GenerationRequest r = request_from_png(path, &note);
  // The input pictures are not in the PNG (a label map is): they are named as placeholders.
  std::string inputs;
  if (r.task == Task::Img2Img) inputs = " --init IMAGE";
  if (r.task == Task::Inpaint) inputs = " --image IMAGE --mask MASK";
  if (r.task == Task::Upscale) inputs = " --image IMAGE";
  const std::string again = std::string("ldm ") + task_name(r.task) + " --from-png " + path + inputs;
  if (note.rfind("model: ", 0) == 0) note = note.substr(7);
  if (args.flag("json")) {
    std::cout << nlohmann::json{{"path", path}, {"task", task_name(r.task)}, {"model_note", note},
                                {"again", again}, {"request", r.to_json()}}.dump(2)
              << "\n";
    return 0;
  }
  std::cout << "picture:      " << path << "\n"
            << "made by:      ldm " << task_name(r.task) << "\n"
            << "model:        " << note << "\n";
  const auto texts = read_png_text(path);
  if (const PngText* p = find_png_text(texts, kParametersKey)) std::cout << "parameters:\n" << p->text << "\n";
  std::cout << "again:        " << again << "\n";
  return 0;
#else
  (void)args;
  throw UsageError{"--png needs the imaging library, which this build left out"};
#endif
}

int cmd_info(const Args& args) {
  if (args.flag("system")) return cmd_info_system(args);
  if (args.has("png")) {
    if (args.has("model")) throw UsageError{"give --model or --png, not both"};
    return cmd_info_png(args);
  }
  if (!args.has("model")) throw UsageError{"--model PATH, --png FILE.png or --system is required"};
  OpenOptions opt;
  opt.config_path = args.get("config");
  opt.ignore_config = args.flag("no-config");
  opt.ema = parse_ema(args.get("ema", "auto"));
  LoadedModel m = open_model(args.get("model"), opt);
  const ModelDescription& d = m.desc;
  const ModelInfo info = model_info_of(m, args.get("model"));
  if (args.flag("classes")) {
    // The names `--class` (sample), `--box` (layout) and a label map's values (semantic) take.
    if (info.class_names.empty()) throw UsageError{"--classes: '" + info.name + "' has no classes or labels"};
    if (args.flag("json")) {
      std::cout << nlohmann::json(info.class_names).dump(2) << "\n";
    } else {
      for (size_t i = 0; i < info.class_names.size(); ++i) std::cout << i << "\t" << info.class_names[i] << "\n";
    }
    return 0;
  }
  const auto& p = d.config["model"]["params"];
  std::vector<std::string> tasks;
  for (Task t : info.tasks) tasks.push_back(task_name(t));
  const ModelDefaults& df = info.defaults;
  const nlohmann::json defaults = {{"sampler", df.sampler}, {"karras", df.karras}, {"steps", df.steps},
                                   {"eta", df.eta}, {"cfg_scale", df.cfg_scale}, {"strength", df.strength},
                                   {"start_from_input", df.start_from_input}, {"match_input", df.match_input},
                                   {"keep_unmasked", df.keep_unmasked}, {"inpaint_blend", df.inpaint_blend},
                                   {"mask_feather", df.mask_feather}, {"source", df.source}};
  if (args.flag("json")) {
    nlohmann::json j;
    j["path"] = m.path;
    j["family"] = d.family;
    j["family_name"] = info.family_name;
    j["task"] = d.task;
    j["tasks"] = tasks;
    j["native_size"] = {info.native_width, info.native_height};
    j["size_multiple"] = info.size_multiple;
    j["defaults"] = defaults;
    if (!info.class_names.empty()) j["classes"] = info.class_names.size();
    j["first_stage"] = d.first_stage;
    j["cond_stage"] = d.cond_stage;
    j["conditioning_key"] = d.conditioning_key;
    j["parameterization"] = d.parameterization;
    j["unet_in_channels"] = d.unet_in_channels;
    j["latent_channels"] = d.latent_channels;
    j["downsampling_factor"] = d.downsampling;
    j["parameters"] = d.parameters;
    j["memory"] = memory_json(info.parameters);
    j["stored_dtype"] = dtype_name(d.stored_dtype);
    j["tensors"] = d.tensor_count;
    j["ema_present"] = d.has_ema;
    j["ema_applied"] = d.ema_applied;
    j["config_source"] = d.config_source;
    j["scale_factor"] = p.value("scale_factor", 1.0);
    j["notes"] = d.notes;
    j["config"] = d.config;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "model:        " << m.path << "\n"
            << "family:       " << info.family_name << " (" << d.family << ")\n"
            << "tasks:        " << nlohmann::json(tasks).dump() << ", native size " << info.native_width << "x"
            << info.native_height << " (multiples of " << info.size_multiple << ")\n"
            << "defaults:     " << df.sampler << (df.karras ? " Karras" : "") << ", " << df.steps << " steps, eta "
            << df.eta << ", CFG " << df.cfg_scale << " (" << df.source << ")\n"
            << "components:   unet " << human_count(d.parameters.at("unet")) << " params, first stage ("
            << d.first_stage << ", f=" << d.downsampling << ", " << d.latent_channels << " latent channels) "
            << human_count(d.parameters.at("first_stage")) << ", cond stage (" << d.cond_stage << ") "
            << human_count(d.parameters.at("cond_stage")) << "\n"
            << "conditioning: " << d.conditioning_key << ", prediction " << d.parameterization
            << ", scale factor " << p.value("scale_factor", 1.0) << "\n"
            << "stored dtype: " << dtype_name(d.stored_dtype) << ", " << d.tensor_count << " tensors\n"
            << "EMA:          " << (d.has_ema ? (d.ema_applied ? "present, used" : "present, not used") : "none") << "\n"
            << "config:       " << d.config_source << "\n";
  if (!info.class_names.empty())
    std::cout << "classes:      " << info.class_names.size() << " (ldm info --classes lists them)\n";
  const nlohmann::json mem = memory_json(info.parameters);
  const double gb = 1e9;
  auto choice = [](const nlohmann::json& c) { return c == "low" ? "let the parts take turns" : "keep them loaded"; };
  const std::string fp32 = choice(mem["auto_cpu_fp32"]), bf16 = choice(mem["auto_cpu_bf16"]);
  const std::string verdict = fp32 == bf16 ? fp32 + " in fp32 and bf16" : fp32 + " in fp32, " + bf16 + " in bf16";
  std::printf("memory:       weights %.2f GB (fp32), %.2f GB (bf16, fp16); %.1f GB available: --memory auto on the "
              "CPU would %s\n",
              mem["weights_bytes_fp32"].get<double>() / gb, mem["weights_bytes_half"].get<double>() / gb,
              mem["available_bytes"].get<double>() / gb, verdict.c_str());
  for (const auto& n : d.notes) {
    if (d.config_source == "detected from tensor shapes") std::cout << "note:         " << n << "\n";
  }
  return 0;
}

}  // namespace ldm::cli
