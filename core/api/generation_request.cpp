#include "core/api/generation_request.h"

#include "core/error.h"

namespace ldm {

const char* task_name(Task t) {
  switch (t) {
    case Task::Txt2Img: return "txt2img";
    case Task::Img2Img: return "img2img";
    case Task::Inpaint: return "inpaint";
    case Task::Layout: return "layout";
    case Task::Upscale: return "upscale";
  }
  return "?";
}

bool task_from_name(const std::string& s, Task* out) {
  for (Task t : {Task::Txt2Img, Task::Img2Img, Task::Inpaint, Task::Layout, Task::Upscale}) {
    if (s == task_name(t)) { *out = t; return true; }
  }
  return false;
}

nlohmann::json GenerationRequest::to_json() const {
  nlohmann::json j;
  j["task"] = task_name(task);
  j["model"] = model;
  j["prompt"] = prompt;
  j["negative_prompt"] = negative_prompt;
  j["width"] = width;
  j["height"] = height;
  j["steps"] = steps;
  j["sampler"] = sampler;
  j["karras"] = karras;
  j["eta"] = eta;
  j["cfg_scale"] = cfg_scale;
  j["seed"] = seed;
  j["batch"] = batch;
  j["device"] = device;
  j["precision"] = precision;
  j["clip_skip"] = clip_skip;
  j["strength"] = strength;
  j["mask_feather"] = mask_feather;
  j["tile"] = tile;
  j["tile_stride"] = tile_stride;
  j["match_input"] = match_input;
  j["start_from_input"] = start_from_input;
  nlohmann::json boxes = nlohmann::json::array();
  for (const auto& b : this->boxes) {
    boxes.push_back({{"label", b.label}, {"class", b.class_id}, {"x0", b.x0}, {"y0", b.y0}, {"x1", b.x1}, {"y1", b.y1},
                     {"group_of", b.group_of}, {"occluded", b.occluded}, {"depiction", b.depiction}, {"inside", b.inside}});
  }
  j["boxes"] = boxes;
  return j;
}

GenerationRequest GenerationRequest::from_json(const nlohmann::json& j) {
  GenerationRequest r;
  try {
    if (!j.is_object()) throw RequestError("request is not a JSON object");
    if (j.contains("task") && !task_from_name(j.at("task").get<std::string>(), &r.task)) {
      throw RequestError("unknown task '" + j.at("task").get<std::string>() + "'");
    }
    r.model = j.value("model", r.model);
    r.prompt = j.value("prompt", r.prompt);
    r.negative_prompt = j.value("negative_prompt", r.negative_prompt);
    r.width = j.value("width", r.width);
    r.height = j.value("height", r.height);
    r.steps = j.value("steps", r.steps);
    r.sampler = j.value("sampler", r.sampler);
    r.karras = j.value("karras", r.karras);
    r.eta = j.value("eta", r.eta);
    r.cfg_scale = j.value("cfg_scale", r.cfg_scale);
    r.seed = j.value("seed", r.seed);
    r.batch = j.value("batch", r.batch);
    r.device = j.value("device", r.device);
    r.precision = j.value("precision", r.precision);
    r.clip_skip = j.value("clip_skip", r.clip_skip);
    r.strength = j.value("strength", r.strength);
    r.mask_feather = j.value("mask_feather", r.mask_feather);
    r.tile = j.value("tile", r.tile);
    r.tile_stride = j.value("tile_stride", r.tile_stride);
    r.match_input = j.value("match_input", false);  // absent: made before the option, without it
    r.start_from_input = j.value("start_from_input", false);
    if (j.contains("boxes")) {
      for (const auto& b : j.at("boxes")) {
        LayoutBox box;
        box.label = b.value("label", std::string());
        box.class_id = b.value("class", -1);
        box.x0 = b.value("x0", 0.f);
        box.y0 = b.value("y0", 0.f);
        box.x1 = b.value("x1", 0.f);
        box.y1 = b.value("y1", 0.f);
        box.group_of = b.value("group_of", false);
        box.occluded = b.value("occluded", false);
        box.depiction = b.value("depiction", false);
        box.inside = b.value("inside", false);
        r.boxes.push_back(box);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw RequestError(std::string("malformed request: ") + e.what());
  }
  return r;
}

}  // namespace ldm
