// libFuzzer: a config.yaml beside a real (tiny) checkpoint, through the loader's own path: the YAML
// reader (yaml-cpp -> JSON), the checks against the weights (open_model), the UNet config the engine
// builds from it, and a layout model's `layout:` section with its token builder. A LoadError or
// RequestError is the accepted refusal; any other exception escapes and is a finding (the CLI would
// print it without naming the file).
#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/yaml_json.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/unet_config.h"
#include "fuzz_input_file.h"
#include "fuzz_resources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The YAML <-> JSON pair alone: what json_to_yaml writes (training exports) must read back.
  try {
    const nlohmann::json doc = ldm::parse_yaml_as_json(text, "fuzz.yaml");
    (void)ldm::parse_yaml_as_json(ldm::json_to_yaml(doc), "round trip");
  } catch (const ldm::LoadError&) {
  }
  // The whole loader: the first byte picks the checkpoint the config claims to describe.
  const char* fixture = size > 0 && (data[0] & 1) ? "ldm-layout-tiny" : "sd1-tiny";
  ldm::OpenOptions o;
  o.config_path = ldm::fuzz::write_input(data, size);
  try {
    const ldm::LoadedModel m =
        ldm::open_model(std::string(LDM_FUZZ_SOURCE_DIR) + "/tests/data/" + fixture + "/model.safetensors", o);
    const nlohmann::json& p = m.desc.config["model"]["params"];
    if (p.contains("unet_config")) (void)ldm::UNetConfig::from_compvis(p["unet_config"]);  // as LatentDiffusionConfig does
    ldm::ObjectsBoundingBoxConditionalBuilder builder(ldm::layout_builder_config_from(m.desc.config));
    ldm::LayoutObject box;
    box.category_no = 1;
    box.x = 0.1, box.y = 0.2, box.w = 0.5, box.h = 0.4;
    (void)builder.build({box, box});
  } catch (const ldm::LoadError&) {
  } catch (const ldm::RequestError&) {
  }
  return 0;
}
