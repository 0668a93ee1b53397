#include "core/api/sampler_registry.h"

#include <strings.h>

namespace ldm {

const std::vector<SamplerInfo>& sampler_registry() {
  static const std::vector<SamplerInfo> list = [] {
    std::vector<SamplerInfo> v;
    auto add = [&](const char* name, const char* display, const char* a1111, const char* reference, bool k,
                   bool ancestral, bool eta, bool blending) {
      SamplerInfo s;
      s.name = name;
      s.display_name = display;
      s.a1111_name = a1111;
      s.reference = reference;
      s.k_diffusion = k;
      s.ancestral = ancestral;
      s.uses_eta = eta;
      s.inpaints_by_blending = blending;
      v.push_back(s);
    };
    add("ddim", "DDIM", "DDIM", "ldm DDIMSampler (eta 0 deterministic, 1 ancestral)", false, false, true, true);
    add("plms", "PLMS", "PLMS", "ldm PLMSSampler", false, false, false, true);
    add("ddpm", "DDPM", "DDPM", "ldm DDPM.p_sample_loop (ancestral; 1000 steps = the vanilla sampler)", false, true,
        false, false);
    add("euler", "Euler", "Euler", "k_diffusion sample_euler", true, false, false, true);
    add("euler_a", "Euler ancestral", "Euler a", "k_diffusion sample_euler_ancestral", true, true, false, true);
    add("heun", "Heun", "Heun", "k_diffusion sample_heun", true, false, false, true);
    add("lms", "LMS", "LMS", "k_diffusion sample_lms", true, false, false, true);
    add("dpmpp_2m", "DPM++ 2M", "DPM++ 2M", "k_diffusion sample_dpmpp_2m", true, false, false, true);
    return v;
  }();
  return list;
}

const SamplerInfo* find_sampler(const std::string& name) {
  for (const auto& s : sampler_registry())
    if (s.name == name) return &s;
  return nullptr;
}

const SamplerInfo* find_sampler_a1111(const std::string& a1111, bool* karras) {
  static const std::string kKarras = " Karras";
  std::string base = a1111;
  bool k = false;
  if (base.size() > kKarras.size() && base.compare(base.size() - kKarras.size(), kKarras.size(), kKarras) == 0) {
    base.resize(base.size() - kKarras.size());
    k = true;
  }
  for (const auto& s : sampler_registry()) {
    const bool named = strcasecmp(base.c_str(), s.a1111_name.c_str()) == 0 || base == s.name;
    if (named) {
      if (karras) *karras = k;
      return &s;
    }
  }
  return nullptr;
}

std::string sampler_name_list(const std::string& separator) {
  std::string out;
  for (const auto& s : sampler_registry()) out += (out.empty() ? "" : separator) + s.name;
  return out;
}

}  // namespace ldm
