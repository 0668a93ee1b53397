// Every published CompVis zoo configuration (tests/data/zoo-configs: models/ldm/*/config.yaml and
// configs/latent-diffusion/*.yaml @ a506df5), full size, random weights (no download):
//  - the UNet built from the config has the parameter count of the original code's UNetModel for that
//    config (counted with CompVis/latent-diffusion's openaimodel.py, see tests/data/zoo-configs/README.md);
//  - the whole model is recognised from its tensor shapes alone (family, tasks, the UNet layout, the
//    same parameter count), as `ldm info` does for a checkpoint without a config;
//  - the model built from that detected description generates a small picture through the task's
//    pipeline (2 DDIM steps), finite and of the asked size.
// Weights are made by the modules' own initialisers and kept in bfloat16 until loading, so that the
// 1.4B-parameter text model fits in about 9 GB.
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/api/model_info.h"
#include "core/io/model_loader.h"
#include "core/io/yaml_json.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/autoencoder_config.h"
#include "core/models/first_stage.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/text/tokenizer.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;
using json = nlohmann::json;

namespace {

std::string expected_family(const std::string& file) {
  const std::pair<const char*, const char*> rules[] = {
      {"bsr_sr", "ldm-sr"},           {"inpainting", "ldm-inpaint"}, {"layout2img", "ldm-layout"},
      {"semantic_synthesis", "ldm-semantic"}, {"cin", "ldm-class"}, {"text2img", "ldm-txt2img"},
      {"txt2img", "ldm-txt2img"}};
  for (const auto& [key, family] : rules)
    if (file.find(key) != std::string::npos) return family;
  return "ldm-uncond";
}

}  // namespace

class TestZooConfigs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyConfiguration_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qlonglong>("unet_parameters");
    // UNetModel parameter counts of the original code (CompVis/latent-diffusion @ a506df5).
    const std::pair<const char*, qlonglong> configs[] = {
        {"configs-latent-diffusion-celebahq-ldm-vq-4.yaml", 274056163},
        {"configs-latent-diffusion-cin-ldm-vq-f8.yaml", 394984196},
        {"configs-latent-diffusion-cin256-v2.yaml", 400920579},
        {"configs-latent-diffusion-ffhq-ldm-vq-4.yaml", 274056163},
        {"configs-latent-diffusion-lsun_bedrooms-ldm-vq-4.yaml", 274056163},
        {"configs-latent-diffusion-lsun_churches-ldm-kl-8.yaml", 294966916},
        {"configs-latent-diffusion-txt2img-1p4B-eval.yaml", 872300484},
        {"models-ldm-bsr_sr.yaml", 113622563},
        {"models-ldm-celeba256.yaml", 274056163},
        {"models-ldm-cin256.yaml", 394984196},
        {"models-ldm-ffhq256.yaml", 274056163},
        {"models-ldm-inpainting_big.yaml", 387245827},
        {"models-ldm-layout2img-openimages256.yaml", 246277379},
        {"models-ldm-lsun_beds256.yaml", 274056163},
        {"models-ldm-lsun_churches256.yaml", 294966916},
        {"models-ldm-semantic_synthesis256.yaml", 215229315},
        {"models-ldm-semantic_synthesis512.yaml", 215229315},
        {"models-ldm-text2img256.yaml", 403623939},
    };
    for (const auto& [file, count] : configs) QTest::newRow(file) << QString(file) << count;
  }

  void everyConfiguration() {
    QFETCH(QString, file);
    QFETCH(qlonglong, unet_parameters);
    const std::string name = file.toStdString();
    const json config = load_yaml_as_json(test::fixture_file("zoo-configs", name));
    QCOMPARE(static_cast<qlonglong>(UNetConfig::from_compvis(config["model"]["params"]["unet_config"]).parameter_count()),
             unet_parameters);

    // Shapes alone (no config): what `ldm info` reports for such a checkpoint.
    LoadedModel loaded;
    loaded.path = name;
    loaded.weights = LatentDiffusion::random_weights(config, torch::kBFloat16);
    loaded.desc = detect_architecture(loaded.weights);
    const ModelDescription& d = loaded.desc;
    QCOMPARE(d.family, expected_family(name));
    const json& detected_unet = d.config["model"]["params"]["unet_config"]["params"];
    QCOMPARE(static_cast<qlonglong>(UNetConfig::from_compvis(detected_unet).parameter_count()), unet_parameters);
    QCOMPARE(static_cast<qlonglong>(loaded.weights.parameter_count("model.diffusion_model.")), unet_parameters);
    const ModelInfo info = model_info_of(loaded, name);
    QVERIFY(!info.tasks.empty());
    const Task task = info.tasks.front();

    // Built from the detected description, it makes a picture.
    auto model = LatentDiffusion::load(d.config, loaded.weights);
    loaded.weights = StateDict();  // the bfloat16 copies are not needed any more
    torch::NoGradGuard ng;
    SamplerSettings s;
    s.steps = 2;
    const int f = static_cast<int>(model->downsampling_factor());
    const int side = size_multiple(*model);
    PipelineResult r;
    switch (task) {
      case Task::Sample: {
        std::vector<int64_t> classes;
        if (info.family == "ldm-class") classes = {1};
        if (info.unconditional_class >= 0) s.guidance_scale = 2.0;  // guidance with the "no class" entry
        r = sample_images(*model, classes, info.unconditional_class, 1, side, side, s, 1);
        break;
      }
      case Task::Txt2Img: {
        auto tok = tokenizer_for(*model);
        s.guidance_scale = 2.0;
        r = txt2img(*model, *tok, {"a painting of a lighthouse"}, "", side, side, s, 1);
        break;
      }
      case Task::Inpaint: {
        at::Tensor mask = torch::zeros({1, 1, side, side});
        mask.narrow(2, side / 4, side / 2).fill_(1.0);
        r = inpaint(*model, nullptr, torch::rand({1, 3, side, side}), mask, "", "", s, 1);
        break;
      }
      case Task::Layout: {
        LayoutObject o;
        o.category_no = 3;
        o.x = 0.2f, o.y = 0.2f, o.w = 0.5f, o.h = 0.6f;
        const ObjectsBoundingBoxConditionalBuilder builder(layout_builder_config_from(d.config));
        r = layout2img(*model, {builder.build({o})}, side, side, s, 1);
        break;
      }
      case Task::Upscale: {
        const int lr = std::max(8, side / f);
        r = upscale(*model, torch::rand({1, 3, lr, lr}), s, 1);
        break;
      }
      case Task::Semantic: {
        const at::Tensor labels = torch::randint(0, static_cast<int64_t>(info.class_names.size()), {1, side, side}, torch::kLong);
        r = semantic_synthesis(*model, labels, 1, s, 1);
        break;
      }
      default: QFAIL("unexpected task");
    }
    qInfo("%-52s %-12s UNet %lld parameters, %s picture %lldx%lld", name.c_str(), info.family.c_str(), unet_parameters,
          task_name(task), static_cast<long long>(r.image01.size(3)), static_cast<long long>(r.image01.size(2)));
    QVERIFY(r.image01.isfinite().all().item<bool>());
    QVERIFY(r.image01.size(2) >= side && r.image01.size(3) >= side);
  }
  // Hand the freed gigabytes back between configurations: suites run side by side under ctest -j2.
  void cleanup() { malloc_trim(0); }
};

LDM_TEST_MAIN(TestZooConfigs)
#include "test_zoo_configs.moc"
