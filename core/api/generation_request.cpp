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
    case Task::Sample: return "sample";
    case Task::Semantic: return "semantic";
  }
  return "?";
}

bool task_from_name(const std::string& s, Task* out) {
  for (Task t : {Task::Txt2Img, Task::Img2Img, Task::Inpaint, Task::Layout, Task::Upscale, Task::Sample, Task::Semantic}) {
    if (s == task_name(t)) { *out = t; return true; }
  }
  return false;
}

namespace {

// Resolved requests hold On/Off; Auto (left to the model) is written as null.
nlohmann::json toggle_to_json(Toggle t) {
  return t == Toggle::Auto ? nlohmann::json(nullptr) : nlohmann::json(t == Toggle::On);
}
// Absent: the request was saved before the option existed, when it was off.
Toggle toggle_from_json(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) return Toggle::Off;
  const auto& v = j.at(key);
  if (v.is_null()) return Toggle::Auto;
  return v.get<bool>() ? Toggle::On : Toggle::Off;
}

// The request's plain JSON fields, listed once for both directions: f(key, member, written), where
// `written` says whether to_json writes the field (some are left out at their default, as before);
// from_json reads every one that is present.
template <class Request, class F>
void visit_plain_fields(Request& r, F&& f) {
  f("model", r.model, true);
  f("model_hash", r.model_hash, !r.model_hash.empty());
  f("model_config", r.model_config, !r.model_config.empty());
  f("ema", r.ema, r.ema != "auto");
  f("vae", r.vae, !r.vae.empty());
  f("prompt", r.prompt, true);
  f("negative_prompt", r.negative_prompt, true);
  f("width", r.width, true);
  f("height", r.height, true);
  f("steps", r.steps, true);
  f("sampler", r.sampler, true);
  f("karras", r.karras, true);
  f("eta", r.eta, true);
  f("cfg_scale", r.cfg_scale, true);
  f("seed", r.seed, true);
  f("batch", r.batch, true);
  f("batch_index", r.batch_index, r.batch_index >= 0);
  f("device", r.device, true);
  f("precision", r.precision, true);
  f("clip_skip", r.clip_skip, true);
  f("strength", r.strength, true);
  f("hires_scale", r.hires_scale, r.hires_scale > 0);
  f("hires_upscaler", r.hires_upscaler, r.hires_scale > 0);
  f("hires_steps", r.hires_steps, r.hires_scale > 0);
  f("mask_feather", r.mask_feather, true);
  f("class", r.class_label, r.class_label >= 0);
  f("tile", r.tile, true);
  f("tile_stride", r.tile_stride, true);
}

}  // namespace

nlohmann::json GenerationRequest::to_json() const {
  nlohmann::json j;
  j["task"] = task_name(task);
  visit_plain_fields(*this, [&j](const char* key, const auto& value, bool written) {
    if (written) j[key] = value;
  });
  if (!loras.empty()) {
    nlohmann::json l = nlohmann::json::array();
    for (const auto& x : loras) l.push_back({{"path", x.path}, {"strength", x.strength}, {"unet_strength", x.unet_strength}});
    j["loras"] = l;
  }
  if (!embeddings.empty()) j["embeddings"] = embeddings;
  auto hashes_json = [](const std::vector<NamedHash>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& h : v) a.push_back({{"name", h.name}, {"hash", h.hash}});
    return a;
  };
  if (!ti_hashes.empty()) j["ti_hashes"] = hashes_json(ti_hashes);
  if (!lora_hashes.empty()) j["lora_hashes"] = hashes_json(lora_hashes);
  if (outpaint_left || outpaint_top || outpaint_right || outpaint_bottom)
    j["outpaint"] = {outpaint_left, outpaint_top, outpaint_right, outpaint_bottom};
  j["keep_unmasked"] = toggle_to_json(keep_unmasked);
  j["blend_known"] = toggle_to_json(blend_known);
  j["match_input"] = toggle_to_json(match_input);
  j["start_from_input"] = toggle_to_json(start_from_input);
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
    visit_plain_fields(r, [&j](const char* key, auto& value, bool) { value = j.value(key, value); });
    if (j.contains("loras")) {
      for (const auto& l : j.at("loras")) {
        LoraRef x;
        x.path = l.at("path").get<std::string>();
        x.strength = l.value("strength", 1.0);
        x.unet_strength = l.value("unet_strength", x.strength);
        r.loras.push_back(x);
      }
    }
    if (j.contains("embeddings")) r.embeddings = j.at("embeddings").get<std::vector<std::string>>();
    for (const char* key : {"ti_hashes", "lora_hashes"}) {
      if (!j.contains(key)) continue;
      auto& dst = std::string(key) == "ti_hashes" ? r.ti_hashes : r.lora_hashes;
      for (const auto& h : j.at(key)) dst.push_back({h.at("name").get<std::string>(), h.at("hash").get<std::string>()});
    }
    if (j.contains("outpaint")) {
      const auto o = j.at("outpaint").get<std::vector<int>>();
      if (o.size() != 4) throw RequestError("outpaint must list 4 margins (left, top, right, bottom)");
      r.outpaint_left = o[0], r.outpaint_top = o[1], r.outpaint_right = o[2], r.outpaint_bottom = o[3];
    }
    // Absent: saved before the option, when every inpainting result kept the unmasked pixels.
    r.keep_unmasked = j.contains("keep_unmasked") ? toggle_from_json(j, "keep_unmasked") : Toggle::On;
    // Absent: saved before the option, when no inpainting blended the known region.
    r.blend_known = j.contains("blend_known") ? toggle_from_json(j, "blend_known") : Toggle::Off;
    r.match_input = toggle_from_json(j, "match_input");
    r.start_from_input = toggle_from_json(j, "start_from_input");
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

OutpaintMargins rounded_outpaint_margins(const OutpaintMargins& asked, int width, int height, int multiple) {
  OutpaintMargins m = asked;
  if (!m.left && !m.top && !m.right && !m.bottom) return m;
  const int extra_w = (multiple - (width + m.left + m.right) % multiple) % multiple;
  const int extra_h = (multiple - (height + m.top + m.bottom) % multiple) % multiple;
  (m.right > 0 || m.left == 0 ? m.right : m.left) += extra_w;
  (m.bottom > 0 || m.top == 0 ? m.bottom : m.top) += extra_h;
  return m;
}

}  // namespace ldm
