#pragma once
// The one list of samplers: their names (CLI, requests, PNG metadata), display names (GUI), A1111
// names (the "parameters" chunk) and what they accept. core/sampling/samplers.cpp implements them; the
// CLI help, the GUI's sampler box, PNG metadata and docs/cli.md read this list instead of their own.
// Torch-free.
#include <string>
#include <vector>

namespace ldm {

struct SamplerInfo {
  std::string name;          // "dpmpp_2m": what --sampler and GenerationRequest::sampler take
  std::string display_name;  // "DPM++ 2M": the GUI's label (English; the GUI translates the few that need it)
  std::string a1111_name;    // "DPM++ 2M": AUTOMATIC1111's name; " Karras" is appended with Karras sigmas
  std::string reference;     // what it follows, for docs and --help
  bool k_diffusion = false;  // k_diffusion.sampling on sigmas: takes --karras
  bool ancestral = false;    // draws fresh noise every step (results depend on the seed beyond x_T)
  bool uses_eta = false;     // DDIM's eta
  bool inpaints_by_blending = true;  // usable for latent-blending inpainting (needs per-step noise levels)
};

// In the order the GUI and --help list them.
const std::vector<SamplerInfo>& sampler_registry();
// The sampler named `name`, or nullptr.
const SamplerInfo* find_sampler(const std::string& name);
// The sampler whose A1111 name is `a1111`, any case, or our own name ("Euler a", "euler_a"; a " Karras"
// suffix sets *karras), or nullptr.
const SamplerInfo* find_sampler_a1111(const std::string& a1111, bool* karras);
// "ddim|plms|..." (sep "|") or "ddim, plms, ..." for messages.
std::string sampler_name_list(const std::string& separator);

}  // namespace ldm
