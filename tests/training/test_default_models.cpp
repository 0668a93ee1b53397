// Evaluation of the bundled models (resources/models, trained by `ldm train bundle`) over fixed
// seeds, judged by the model-independent analysers of tests/support/shape_analysis.h (hue classes,
// connected components, contour features) on held-out shapes-world scenes (validation seed 2; the
// models were trained on seed 1). The thresholds are the acceptance criteria in MODEL_CARD.md.
#include <QtTest/QtTest>
#include <torch/torch.h>

#include <array>
#include <algorithm>
#include <filesystem>

#include "core/api/engine.h"
#include "core/api/model_info.h"
#include "core/api/sampler_registry.h"
#include "core/io/model_loader.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/autoencoder_kl.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/sampling/samplers.h"
#include "core/runtime/resources.h"
#include "core/text/tokenizer.h"
#include "core/training/shapes_world.h"
#include "support/shape_analysis.h"
#include "support/test_main.h"

using namespace ldm;
namespace F = torch::nn::functional;

namespace {

constexpr int kSize = 64;
constexpr uint64_t kHeldOutSeed = 2;

std::shared_ptr<LatentDiffusion> load_bundled(Task task) {
  const std::string path = bundled_model_path(task);
  if (path.empty()) throw std::runtime_error("bundled model missing for " + std::string(task_name(task)));
  const LoadedModel m = open_model(path);
  return LatentDiffusion::load(m.desc.config, m.weights);
}

// The model card's recommended settings. LDM_EVAL_SAMPLER / LDM_EVAL_STEPS / LDM_EVAL_CFG override
// them for exploring other settings by hand (the guidance of the text and layout models only).
SamplerSettings sampling(double cfg) {
  SamplerSettings s;
  s.sampler = qEnvironmentVariable("LDM_EVAL_SAMPLER", QStringLiteral("dpmpp_2m")).toStdString();
  s.steps = qEnvironmentVariableIsSet("LDM_EVAL_STEPS") ? qEnvironmentVariableIntValue("LDM_EVAL_STEPS") : 20;
  s.guidance_scale = cfg > 1.0 && qEnvironmentVariableIsSet("LDM_EVAL_CFG") ? qEnvironmentVariable("LDM_EVAL_CFG").toDouble() : cfg;
  return s;
}

std::vector<Image> to_images(const at::Tensor& image01) {
  std::vector<Image> out;
  for (int64_t b = 0; b < image01.size(0); ++b) out.push_back(tensor01_to_image(image01.narrow(0, b, 1)));
  return out;
}

// The bundled upscaler as the CLI and GUI run it by default (from the input at the model's strength, matched
// to it), beside the bicubic upscale of the same input.
struct Upscaled {
  PipelineResult sr;
  at::Tensor bicubic;
};
Upscaled upscale_as_users_get_it(LatentDiffusion& model, const at::Tensor& lr01, double strength, uint64_t seed) {
  const int64_t f = model.downsampling_factor();
  Upscaled u;
  u.bicubic = F::interpolate(lr01, F::InterpolateFuncOptions()
                                       .size(std::vector<int64_t>{lr01.size(2) * f, lr01.size(3) * f})
                                       .mode(torch::kBicubic)
                                       .align_corners(false))
                  .clamp(0, 1);
  UpscaleOptions matched;
  matched.match_input = true;
  matched.start_from_input = true;
  SamplerSettings s = sampling(1.0);
  s.strength = strength;
  u.sr = upscale(model, lr01, s, seed, matched);
  return u;
}

// The component of `colour` with the largest area, or nullptr.
const test::Component* find_colour(const std::vector<test::Component>& comps, int colour) {
  for (const auto& c : comps)
    if (c.colour == colour) return &c;
  return nullptr;
}

}  // namespace

class TestDefaultModels : public QObject {
  Q_OBJECT
  std::unique_ptr<test::ShapeClassifier> classifier_;

  // The one-object prompts over all colours x shapes at one size, sampled with two seeds: how many
  // samples hold the asked colour and the asked shape, and which shapes came out as which.
  struct OneObjectScore {
    int colour_ok = 0, shape_ok = 0, n = 0;
    int confusion[kShapeKinds][kShapeKinds] = {};  // [asked][classified]
  };
  OneObjectScore score_one_object(LatentDiffusion& model, const Tokenizer& tok, int size) {
    std::vector<std::string> prompts;
    std::vector<std::pair<int, int>> want;
    for (int c = 0; c < kShapeColours; ++c)
      for (int s = 0; s < kShapeKinds; ++s) {
        ShapeObject o;
        o.colour = c, o.shape = s, o.size = size;
        prompts.push_back(shape_caption({o}));
        want.emplace_back(c, s);
      }
    OneObjectScore r;
    for (int seed = 0; seed < 2; ++seed) {
      const auto images = to_images(txt2img(model, tok, prompts, "", kSize, kSize, sampling(4.0), static_cast<uint64_t>(1000 + seed)).image01);
      for (size_t i = 0; i < images.size(); ++i) {
        const auto comps = test::colour_components(images[i]);
        ++r.n;
        if (comps.empty()) continue;
        r.colour_ok += comps[0].colour == want[i].first;
        const int shape = classifier_->classify(comps[0]);
        r.shape_ok += shape == want[i].second;
        ++r.confusion[want[i].second][shape];
      }
    }
    return r;
  }

 private Q_SLOTS:
  void initTestCase() { classifier_ = std::make_unique<test::ShapeClassifier>(kSize); }

  void bundle_is_complete_and_small() {
    // The four task models, 30 MB or less together (issue #6); the class-conditional and semantic ones
    // 8 MB or less each (issue #20).
    double bytes = 0;
    for (Task t : {Task::Txt2Img, Task::Inpaint, Task::Layout, Task::Upscale}) {
      QVERIFY2(!bundled_model_path(t).empty(), task_name(t));
      bytes += static_cast<double>(std::filesystem::file_size(bundled_model_path(t) + "/model.safetensors"));
    }
    qInfo("bundled task models: %.2f MB", bytes / 1e6);
    QVERIFY(bytes <= 30e6);
    for (Task t : {Task::Sample, Task::Semantic}) {
      QVERIFY2(!bundled_model_path(t).empty(), task_name(t));
      const double b = static_cast<double>(std::filesystem::file_size(bundled_model_path(t) + "/model.safetensors"));
      qInfo("bundled %s model: %.2f MB", task_name(t), b / 1e6);
      QVERIFY(b <= 8e6);
    }
  }

  // Issue #20: magenta streaks along the border came from the stage-1 decoder, which turned small
  // errors of the diffusion model's latents into saturated strokes; the bundled decoder is fine-tuned
  // on noisy latents. Judged on held-out seeds: pictures of one-object prompts with 8 or more
  // saturated pixels away from every object of the asked colour.
  void text_to_image_no_stray_colour() {
    torch::NoGradGuard ng;
    auto model = load_bundled(Task::Txt2Img);
    auto tok = tokenizer_for(*model);
    std::vector<std::string> prompts;
    std::vector<int> colours;
    for (int c = 0; c < kShapeColours; ++c)
      for (int s = 0; s < kShapeKinds; ++s) {
        ShapeObject o;
        o.colour = c, o.shape = s, o.size = 1;
        prompts.push_back(shape_caption({o}));
        colours.push_back(c);
      }
    int stray = 0, n = 0;
    for (uint64_t seed : {11, 22, 33}) {
      const auto images = to_images(txt2img(*model, *tok, prompts, "", kSize, kSize, sampling(4.0), seed).image01);
      for (size_t i = 0; i < images.size(); ++i, ++n) stray += test::stray_saturated_pixels(images[i], colours[i]) >= 8;
    }
    qInfo("pictures with stray saturated colour: %d of %d (%.1f%%)", stray, n, 100.0 * stray / n);
    QVERIFY(stray * 20 <= n);  // at most 5%
  }

  // Issue #20: the class-conditional model draws its class: colour and shape, 40 classes x 2 seeds.
  void class_conditional_colour_and_shape() {
    torch::NoGradGuard ng;
    auto model = load_bundled(Task::Sample);
    const ModelInfo info = describe_model(bundled_model_path(Task::Sample));
    QCOMPARE(static_cast<int>(info.class_names.size()), kShapeClasses);
    QCOMPARE(info.unconditional_class, kShapeClasses);
    int colour_ok = 0, shape_ok = 0, n = 0;
    for (uint64_t seed : {7, 8}) {
      for (int cls = 0; cls < kShapeClasses; cls += 8) {
        std::vector<int64_t> classes;
        for (int k = cls; k < cls + 8; ++k) classes.push_back(k);
        const auto r = sample_images(*model, classes, info.unconditional_class, 8, kSize, kSize,
                                     sampling(info.defaults.cfg_scale), seed * 100 + static_cast<uint64_t>(cls));
        const auto images = to_images(r.image01);
        for (size_t i = 0; i < images.size(); ++i, ++n) {
          const int c = static_cast<int>(classes[i]) / kShapeKinds, s = static_cast<int>(classes[i]) % kShapeKinds;
          const auto comps = test::colour_components(images[i]);
          if (comps.empty()) continue;
          colour_ok += comps[0].colour == c;
          shape_ok += comps[0].colour == c && classifier_->classify(comps[0]) == s;
        }
      }
    }
    qInfo("class-conditional: colour right in %d of %d (%.0f%%), colour and shape in %d (%.0f%%)", colour_ok, n,
          100.0 * colour_ok / n, shape_ok, 100.0 * shape_ok / n);
    QVERIFY(colour_ok * 10 >= n * 9);  // 90%
    QVERIFY(shape_ok * 4 >= n * 3);    // 75%
  }

  // Issue #20: the semantic model paints each labelled region in its colour: held-out scenes' label
  // maps; a region counts when the picture's component of the label's colour overlapping it has an
  // IoU of 0.5 or more with it.
  void semantic_regions_colour_and_iou() {
    torch::NoGradGuard ng;
    auto model = load_bundled(Task::Semantic);
    const ModelInfo info = describe_model(bundled_model_path(Task::Semantic));
    QCOMPARE(info.class_names.front(), std::string("background"));
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    int regions = 0, coloured = 0, matched = 0;
    for (int i = 0; i < 24; ++i) {
      const ShapeScene scene = held_out.scene(static_cast<uint64_t>(300 + i));
      at::Tensor labels = torch::zeros({1, kSize, kSize}, torch::kLong);
      for (const ShapeObject& o : scene.objects) {
        const Image m = render_object_mask(o, kSize);
        for (int y = 0; y < kSize; ++y)
          for (int x = 0; x < kSize; ++x)
            if (*m.at(x, y) >= 128) labels[0][y][x] = 1 + o.colour;
      }
      const auto r = semantic_synthesis(*model, labels, 1, sampling(1.0), 4000 + static_cast<uint64_t>(i));
      const Image picture = tensor01_to_image(r.image01);
      for (size_t k = 0; k < scene.objects.size(); ++k) {
        const ShapeObject& o = scene.objects[k];
        // The region as the map shows it (objects painted later cover earlier ones).
        const at::Tensor region_t = (labels[0] == (1 + o.colour)).contiguous();
        const auto region = region_t.accessor<bool, 2>();
        const int area = static_cast<int>(region_t.sum().item<int64_t>());
        if (area < 12) continue;
        ++regions;
        int same = 0, inter = 0, pict = 0;
        for (int y = 0; y < kSize; ++y)
          for (int x = 0; x < kSize; ++x) {
            const bool in_region = region[y][x];
            const bool in_picture = test::pixel_colour(picture.at(x, y)) == o.colour;
            same += in_region && in_picture;
            pict += in_picture;
          }
        inter = same;
        coloured += same * 2 >= area;  // most of the region in its colour
        matched += static_cast<double>(inter) / (area + pict - inter) >= 0.5;
      }
    }
    qInfo("semantic: %d regions, %d (%.0f%%) mostly in their colour, %d (%.0f%%) with IoU >= 0.5", regions, coloured,
          100.0 * coloured / regions, matched, 100.0 * matched / regions);
    QVERIFY(coloured * 10 >= regions * 9);  // 90%
    QVERIFY(matched * 10 >= regions * 8);   // 80%
  }

  void autoencoder_reconstruction() {
    auto model = load_bundled(Task::Txt2Img);
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    double total = 0;
    const int n = 64;
    torch::NoGradGuard no_grad;
    for (int i = 0; i < n; ++i) {
      const Image truth = render_scene(held_out.scene(static_cast<uint64_t>(i)), kSize);
      const at::Tensor x = image_to_tensor01(truth) * 2.0 - 1.0;
      const at::Tensor rec = model->first_stage().decode(model->first_stage().encode(x).mode());
      total += test::psnr_u8(tensor01_to_image(to01(rec)), truth);
    }
    const double psnr = total / n;
    qInfo("autoencoder: mean reconstruction PSNR %.2f dB on %d held-out images", psnr, n);
    QVERIFY(psnr >= 30.0);
  }

  // The shape evaluation of the generating models means something only if the autoencoder they share
  // draws shapes back: decoded ground-truth latents of one-object scenes (every colour x shape) must
  // classify right. Printed beside it, as the model card's diagnosis, how much of that survives a
  // Gaussian blur of the latent (in latent cells): where the autoencoder keeps what tells shapes apart.
  void autoencoder_keeps_shapes() {
    auto model = load_bundled(Task::Txt2Img);
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    torch::NoGradGuard no_grad;
    std::vector<at::Tensor> truths;
    std::vector<int> shapes;
    for (int c = 0; c < kShapeColours; ++c)
      for (int s = 0; s < kShapeKinds; ++s) {
        ShapeObject o;
        o.colour = c, o.shape = s, o.size = 1;
        truths.push_back(image_to_tensor01(render_scene(held_out.scene_with({o}, static_cast<uint64_t>(c * kShapeKinds + s)), kSize)));
        shapes.push_back(s);
      }
    const at::Tensor z = model->first_stage().encode(torch::cat(truths) * 2.0 - 1.0).mode();  // [40, 4, 16, 16]
    auto shapes_right = [&](const at::Tensor& latent) {
      const auto images = to_images(to01(model->first_stage().decode(latent)));
      int ok = 0;
      for (size_t i = 0; i < images.size(); ++i) {
        const auto comps = test::colour_components(images[i]);
        ok += !comps.empty() && classifier_->classify(comps[0]) == shapes[i];
      }
      return ok;
    };
    const int n = static_cast<int>(shapes.size()), plain = shapes_right(z);
    std::string blurred;
    for (double sigma : {0.5, 0.75, 1.0}) {
      // The pipelines' separable Gaussian (replicated edges), one latent channel at a time.
      const at::Tensor b = feather_mask(z.reshape({-1, 1, z.size(2), z.size(3)}), sigma).view(z.sizes());
      char part[48];
      std::snprintf(part, sizeof part, " %d (sigma %.2f)", shapes_right(b), sigma);
      blurred += part;
    }
    qInfo("autoencoder: shape right in %d/%d decoded one-object latents; latent blurred:%s", plain, n, blurred.c_str());
    QVERIFY(plain >= n * 80 / 100);
  }

  void text_to_image_one_object() {
    auto model = load_bundled(Task::Txt2Img);
    auto tok = tokenizer_for(*model);
    // Without a size word a prompt asks for the middle size (18 px across, 4.5 latent cells).
    const OneObjectScore r = score_one_object(*model, *tok, 1);
    const int n = r.n;
    qInfo("txt2img one object: colour %d/%d (%.0f%%), shape %d/%d (%.0f%%)", r.colour_ok, n, 100.0 * r.colour_ok / n,
          r.shape_ok, n, 100.0 * r.shape_ok / n);
    // Which shapes come out as which (the model card's diagnosis: what a miss looks like).
    for (int a = 0; a < kShapeKinds; ++a) {
      std::string row;
      for (int b = 0; b < kShapeKinds; ++b) row += " " + std::string(shape_name(b)) + " " + std::to_string(r.confusion[a][b]);
      qInfo("  asked %-8s -> classified%s", shape_name(a), row.c_str());
    }
    // The same prompts asking for "large" objects (26 px), for the model card's diagnosis (no threshold).
    const OneObjectScore large = score_one_object(*model, *tok, 2);
    qInfo("txt2img one large object: shape %d/%d (%.0f%%)", large.shape_ok, large.n, 100.0 * large.shape_ok / large.n);
    QVERIFY(r.colour_ok >= n * 90 / 100);  // issue #6
    QVERIFY(r.shape_ok >= n * 75 / 100);   // issue #6
  }

  // Every sampler the CLI and GUI offer draws the asked colour with the bundled model (20 steps,
  // CFG 4; ddpm 50). Before 2026-11-30 (fourth session) heun left 9% and ddpm 29% of the one-object
  // prompts right: heun's trapezoid out of the cosine schedule's sigma_max, and ddpm clamping
  // predicted latents to [-1, 1] (DDPM.clip_denoised; the bundled configs now turn it off).
  // PLMS runs 30 steps: at 20 its multistep extrapolation of eps mixes two colours in 2 of the 8 objects
  // with the text model of 2026-12-03 (v-prediction, cosine schedule; 1 of 8 with the one before); at 30
  // and 50 all 8 are clean (MODEL_CARD.md, Limits).
  void text_to_image_every_sampler() {
    auto model = load_bundled(Task::Txt2Img);
    auto tok = tokenizer_for(*model);
    std::vector<std::string> prompts;
    for (int c = 0; c < kShapeColours; ++c) {
      ShapeObject o;
      o.colour = c, o.shape = c % kShapeKinds, o.size = 2;
      prompts.push_back(shape_caption({o}));
    }
    for (const SamplerInfo& info : sampler_registry()) {
      const std::string& name = info.name;
      SamplerSettings so;
      so.sampler = name;
      so.steps = name == "ddpm" ? 50 : name == "plms" ? 30 : 20;
      so.guidance_scale = 4.0;
      const auto images = to_images(txt2img(*model, *tok, prompts, "", kSize, kSize, so, 77).image01);
      int ok = 0;
      for (size_t i = 0; i < images.size(); ++i) {
        const auto comps = test::colour_components(images[i]);
        ok += !comps.empty() && comps[0].colour == static_cast<int>(i);
      }
      qInfo("%-8s colour right in %d/%d", name.c_str(), ok, kShapeColours);
      QVERIFY2(ok >= kShapeColours - 1, name.c_str());
    }
  }

  void text_to_image_relations() {
    auto model = load_bundled(Task::Txt2Img);
    auto tok = tokenizer_for(*model);
    const char* rels[4] = {"left of", "right of", "above", "below"};
    std::vector<std::string> prompts;
    std::vector<std::tuple<int, int, int>> want;  // colour a, colour b, relation
    for (int i = 0; i < 40; ++i) {
      const int ca = i % kShapeColours, cb = (ca + 1 + (i / kShapeColours) % (kShapeColours - 1)) % kShapeColours;
      const int sa = (i * 3) % kShapeKinds, sb = (i * 7 + 1) % kShapeKinds, rel = i % 4;
      ShapeObject a, b;
      a.colour = ca, a.shape = sa, b.colour = cb, b.shape = sb;
      prompts.push_back(shape_caption({a}) + " " + rels[rel] + " " + shape_caption({b}));
      want.emplace_back(ca, cb, rel);
    }
    // Two batches of the 40 prompts (seeds 2000 and 2100): with one, a few lucky pictures moved the
    // figure by 10 points (the previous bundle: 73% on seed 2000, 58-60% on 2100, 2200, 2300).
    // LDM_EVAL_SEED: other seeds, for comparing models on other pictures than the reported ones.
    const uint64_t seed = qEnvironmentVariableIsSet("LDM_EVAL_SEED") ? qEnvironmentVariableIntValue("LDM_EVAL_SEED") : 2000;
    std::vector<Image> images;
    for (uint64_t s : {seed, seed + 100}) {
      const auto batch = to_images(txt2img(*model, *tok, prompts, "", kSize, kSize, sampling(4.0), s).image01);
      images.insert(images.end(), batch.begin(), batch.end());
    }
    int ok = 0, both = 0, two = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      const auto comps = test::colour_components(images[i]);
      const auto* a = find_colour(comps, std::get<0>(want[i % want.size()]));
      const auto* b = find_colour(comps, std::get<1>(want[i % want.size()]));
      // Exactly the two objects asked for: no third, no second of either (the model card's counting).
      two += comps.size() == 2 && a && b;
      if (!a || !b) continue;
      ++both;
      const double dx = b->cx - a->cx, dy = b->cy - a->cy;
      const int rel = std::get<2>(want[i % want.size()]);
      ok += (rel == 0 && dx > 0) || (rel == 1 && dx < 0) || (rel == 2 && dy > 0) || (rel == 3 && dy < 0);
    }
    qInfo("txt2img relations: %d/%zu (%.0f%%) placed correctly; both colours present in %d, of which %d placed "
          "correctly (chance: half); exactly the two objects in %d", ok, images.size(), 100.0 * ok / images.size(), both,
          ok, two);
    QVERIFY(ok >= static_cast<int>(images.size()) * 70 / 100);  // issue #6
  }

  void layout_boxes() {
    auto model = load_bundled(Task::Layout);
    const ObjectsBoundingBoxConditionalBuilder builder(layout_builder_config_from(model->config().raw));
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    std::vector<std::vector<int64_t>> tokens;
    std::vector<ShapeScene> scenes;
    for (uint64_t i = 0; scenes.size() < 40; ++i) {
      const ShapeScene s = held_out.scene(i);
      if (s.objects.size() > 3) continue;
      std::vector<LayoutObject> lo;
      for (const auto& o : s.objects) {
        LayoutObject l;
        l.category_no = shape_class(o.colour, o.shape);
        l.x = o.x0(), l.y = o.y0(), l.w = o.x1() - o.x0(), l.h = o.y1() - o.y0();
        lo.push_back(l);
      }
      tokens.push_back(builder.build(lo));
      scenes.push_back(s);
    }
    const auto r = layout2img(*model, tokens, kSize, kSize, sampling(4.0), 3000);
    const auto images = to_images(r.image01);
    int ok = 0, boxes = 0, with_objects = 0, shape_ok = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      const auto comps = test::colour_components(images[i]);
      with_objects += !comps.empty();
      for (const auto& o : scenes[i].objects) {
        ++boxes;
        double best = 0;
        const test::Component* hit = nullptr;
        for (const auto& c : comps) {
          const double iou = c.colour == o.colour ? test::box_iou(c.box(kSize, kSize), {o.x0(), o.y0(), o.x1(), o.y1()}) : 0;
          if (iou > best) best = iou, hit = &c;
        }
        ok += best >= 0.5;
        shape_ok += best >= 0.5 && classifier_->classify(*hit) == o.shape;
      }
    }
    qInfo("layout: %d/%d boxes (%.0f%%) hold an object of their colour with IoU >= 0.5; %d/%zu images have objects", ok,
          boxes, 100.0 * ok / boxes, with_objects, images.size());
    // Diagnostic (no criterion): the class map names each box's shape at every pixel, so this says whether
    // the UNet can draw a shape when told it plainly, unlike the text model's one-word condition.
    qInfo("layout: of those, %d have the box's shape (%.0f%% of all boxes)", shape_ok, 100.0 * shape_ok / boxes);
    QVERIFY(with_objects >= static_cast<int>(images.size()) * 80 / 100);  // floor: it draws shapes at all
    QVERIFY(ok >= boxes * 80 / 100);  // issue #6
  }

  // Two ways to ask for the missing object: the scene's caption, which names it among the others, and its
  // own phrase ("a small orange diamond"), what a user types to fill a hole.
  void inpainting_data() {
    QTest::addColumn<bool>("object_phrase");
    QTest::newRow("scene caption") << false;
    QTest::newRow("object phrase") << true;
  }

  void inpainting() {
    QFETCH(bool, object_phrase);
    auto model = load_bundled(Task::Inpaint);
    auto tok = tokenizer_for(*model);
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    // The composite as the engine makes it by default: the model's own mask feathering.
    const ModelDefaults defaults = describe_model(bundled_model_path(Task::Inpaint)).defaults;
    const double feather = defaults.mask_feather;
    // LDM_EVAL_FIRST_SCENE / LDM_EVAL_CASES choose other held-out scenes for tuning settings by hand, so that
    // the figures reported (scenes from 100, 40 cases) are not the ones the settings were chosen on.
    const uint64_t first = qEnvironmentVariableIsSet("LDM_EVAL_FIRST_SCENE") ? qEnvironmentVariableIntValue("LDM_EVAL_FIRST_SCENE") : 100;
    const int cases = qEnvironmentVariableIsSet("LDM_EVAL_CASES") ? qEnvironmentVariableIntValue("LDM_EVAL_CASES") : 40;
    int ok = 0, n = 0, other_colour = 0, nothing = 0, shape_ok = 0;
    double seam_result = 0, seam_input = 0;
    int seam_pairs = 0;
    double tint_sum = 0, tint_max = 0, tint_floor = 0;
    int tint_cases = 0;
    for (uint64_t i = 0; n < cases; ++i) {
      const ShapeScene s = held_out.scene(first + i);
      if (s.objects.size() > 2) continue;
      // The last object is removed from the picture; the mask covers its box (plus 4 px).
      const int k = static_cast<int>(s.objects.size()) - 1;
      const ShapeObject& o = s.objects[static_cast<size_t>(k)];
      const Image without = render_scene(s, kSize, k);
      Image mask = Image::blank(kSize, kSize, 1);
      const int x0 = std::max(0, static_cast<int>(o.x0() * kSize) - 4), x1 = std::min(kSize, static_cast<int>(o.x1() * kSize) + 5);
      const int y0 = std::max(0, static_cast<int>(o.y0() * kSize) - 4), y1 = std::min(kSize, static_cast<int>(o.y1() * kSize) + 5);
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) *mask.at(x, y) = 255;
      const std::string prompt = object_phrase ? shape_caption({o}) : s.caption;
      InpaintOptions io;  // the model's procedure; LDM_EVAL_BLEND=0|1 tries the other
      io.blend_known = qEnvironmentVariableIsSet("LDM_EVAL_BLEND") ? qEnvironmentVariableIntValue("LDM_EVAL_BLEND") != 0
                                                                  : defaults.inpaint_blend;
      const auto r = inpaint(*model, tok.get(), image_to_tensor01(without), image_to_tensor01(mask), prompt, "",
                             sampling(4.0), 4000 + i, io);
      const Image result = composite_keep_unmasked(without, tensor01_to_image(to01(r.decoded)), mask, feather);
      // Outside the mask: the input, bit for bit.
      for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x)
          if (!*mask.at(x, y)) QVERIFY(std::equal(result.at(x, y), result.at(x, y) + 3, without.at(x, y)));
      // Inside: an object of the requested colour.
      Image crop = Image::blank(x1 - x0, y1 - y0, 3);
      for (int y = y0; y < y1; ++y) std::memcpy(crop.at(0, y - y0), result.at(x0, y), static_cast<size_t>(x1 - x0) * 3);
      const auto comps = test::colour_components(crop);
      ok += !comps.empty() && comps[0].colour == o.colour;
      shape_ok += !comps.empty() && comps[0].colour == o.colour && classifier_->classify(comps[0]) == o.shape;
      nothing += comps.empty();
      // The seam (issue #25, 6): the mean colour step between neighbouring pixels across the mask's border,
      // in the result and in the input.
      for (int y = 0; y < kSize; ++y) {
        for (int x = 0; x < kSize; ++x) {
          for (const auto& [dx, dy] : {std::pair<int, int>{1, 0}, std::pair<int, int>{0, 1}}) {
            if (x + dx >= kSize || y + dy >= kSize || (*mask.at(x, y) != 0) == (*mask.at(x + dx, y + dy) != 0)) continue;
            for (int c = 0; c < 3; ++c) {
              seam_result += std::abs(result.at(x, y)[c] - result.at(x + dx, y + dy)[c]) / 3.0;
              seam_input += std::abs(without.at(x, y)[c] - without.at(x + dx, y + dy)[c]) / 3.0;
            }
            ++seam_pairs;
          }
        }
      }
      // The tint: inside the mask, where the scene is background (the object left out does not cover
      // it, nor does the object drawn: no saturated pixel), the mean difference to the input, per channel;
      // the largest of the three. The floor: the same for the input through the autoencoder and back.
      {
        const Image full = render_scene(s, kSize);
        const Image round_trip = composite_keep_unmasked(
            without,
            tensor01_to_image(to01(model->decode_first_stage(model->get_first_stage_encoding(
                model->encode_first_stage(image_to_tensor01(without) * 2.0 - 1.0))))),
            mask, feather);
        std::vector<std::array<int, 2>> background;
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            const uint8_t* px = result.at(x, y);
            if (std::equal(full.at(x, y), full.at(x, y) + 3, without.at(x, y)) &&
                *std::max_element(px, px + 3) - *std::min_element(px, px + 3) < 48)
              background.push_back({x, y});
          }
        }
        auto tint = [&](const Image& im) {
          double diff[3] = {0, 0, 0}, worst = 0;
          for (const auto& [x, y] : background)
            for (int c = 0; c < 3; ++c) diff[c] += double(im.at(x, y)[c]) - without.at(x, y)[c];
          for (double d : diff) worst = std::max(worst, std::abs(d / double(background.size())));
          return worst;
        };
        if (!background.empty()) {
          tint_sum += tint(result);
          tint_max = std::max(tint_max, tint(result));
          tint_floor += tint(round_trip);
          ++tint_cases;
        }
      }
      other_colour += k == 1 && !comps.empty() && comps[0].colour != o.colour && comps[0].colour == s.objects[0].colour;
      ++n;
    }
    qInfo("inpainting (%s): %d/%d masked regions hold the requested colour (%.0f%%); misses: the other object's "
          "colour %d, nothing %d", object_phrase ? "object phrase" : "scene caption", ok, n, 100.0 * ok / n,
          other_colour, nothing);
    qInfo("inpainting (%s): colour and shape right in %d/%d (%.0f%%); seam: mean step across the mask border %.2f "
          "levels, %.2f in the input", object_phrase ? "object phrase" : "scene caption", shape_ok, n, 100.0 * shape_ok / n,
          seam_result / seam_pairs, seam_input / seam_pairs);
    const double tint_mean = tint_sum / std::max(1, tint_cases), floor_mean = tint_floor / std::max(1, tint_cases);
    qInfo("inpainting (%s): tint of the masked background (the largest channel's mean difference to the input) "
          "%.1f levels on average, %.1f at most (%d cases); the autoencoder's round trip: %.1f",
          object_phrase ? "object phrase" : "scene caption", tint_mean, tint_max, tint_cases, floor_mean);
    QVERIFY(ok >= n * 80 / 100);        // issue #6
    // The masked background keeps the picture's colour as well as the autoencoder allows (issue #25, 6:
    // the demo's star sat in a visibly warmer box; without inpaint_blend 6.7 levels against a floor of 4.0).
    QVERIFY(tint_mean <= floor_mean + 1.5);
    QVERIFY(shape_ok >= n * 80 / 100);  // issue #25, 6
    QVERIFY(seam_result / seam_pairs <= seam_input / seam_pairs + 10.0);  // issue #25, 6
  }

  // Judged as users get it: the upscale pipeline starting from the input at the default strength and
  // matching the result to it (the CLI's and GUI's defaults); the raw sample (decoded, before matching)
  // is reported too. What the diffusion model adds is measured against the same pipeline without it:
  // the bicubic image through the autoencoder and back, matched the same way.
  void super_resolution_beats_bicubic() {
    torch::NoGradGuard ng;
    auto model = load_bundled(Task::Upscale);
    const double strength = describe_model(bundled_model_path(Task::Upscale)).defaults.strength;  // its config's
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    double raw_total = 0, sr_total = 0, bicubic_total = 0, roundtrip_total = 0;
    const int n = 24;
    for (int i = 0; i < n; ++i) {
      const Image truth = render_scene(held_out.scene(static_cast<uint64_t>(200 + i)), kSize);
      // The low-resolution input as a user would have it: area-downsampled, 8-bit.
      const at::Tensor lr01 = image_to_tensor01(
          tensor01_to_image(F::avg_pool2d(image_to_tensor01(truth), F::AvgPool2dFuncOptions(4))));  // [1, 3, 16, 16]
      const auto [r, bicubic] = upscale_as_users_get_it(*model, lr01, strength, 5000 + static_cast<uint64_t>(i));
      sr_total += test::psnr_u8(tensor01_to_image(r.image01), truth);
      raw_total += test::psnr_u8(tensor01_to_image(to01(r.decoded)), truth);
      bicubic_total += test::psnr_u8(tensor01_to_image(bicubic), truth);
      const at::Tensor z = model->get_first_stage_encoding(model->encode_first_stage(bicubic * 2 - 1));
      const at::Tensor roundtrip = to01(model->decode_first_stage(z));
      roundtrip_total += test::psnr_u8(tensor01_to_image(match_low_resolution(roundtrip, lr01)), truth);
    }
    qInfo("4x super-resolution (strength %.2f): PSNR %.2f dB (raw sample %.2f dB) vs bicubic %.2f dB; without the "
          "diffusion model (bicubic through the autoencoder, matched) %.2f dB (%d held-out images)", strength,
          sr_total / n, raw_total / n, bicubic_total / n, roundtrip_total / n, n);
    QVERIFY(raw_total / n >= 15.0);                    // floor: unrelated shapes-world pictures score about 12 dB
    QVERIFY(sr_total / n > roundtrip_total / n);       // the diffusion model adds to what the autoencoder does
    QVERIFY(sr_total / n >= bicubic_total / n + 2.0);  // issue #6
  }

  // Issue #25 item 11: a 64 px picture upscaled to 256 px, as the CLI and GUI run it by default, must not put
  // coloured speckle on areas the input shows flat. Flat: input pixels whose 5x5 neighbourhood (the bicubic
  // kernel's reach, so that its ringing stays out) spans at most 3 levels in every channel (the shapes world's
  // backgrounds are gentle gradients); their 4x4 output pixels are compared with the bicubic upscale, which
  // adds nothing there. A speckle pixel differs from it by more than 8 levels in some channel. The procedure
  // without its anti-ringing clamp (back-projection alone, as before the fix) is measured beside it.
  void super_resolution_keeps_flat_regions_flat() {
    torch::NoGradGuard ng;
    auto model = load_bundled(Task::Upscale);
    const double strength = describe_model(bundled_model_path(Task::Upscale)).defaults.strength;
    const ShapesWorld held_out(ShapesWorldOptions{kHeldOutSeed});
    const int n = 8, f = 4;
    const auto levels = [](const at::Tensor& image01) { return image_to_tensor01(tensor01_to_image(image01)) * 255.0; };
    int64_t flat_pixels = 0, speckle = 0, speckle_unclamped = 0, speckle_raw = 0;
    double deviation = 0;
    for (int i = 0; i < n; ++i) {
      const at::Tensor lr01 = image_to_tensor01(render_scene(held_out.scene(static_cast<uint64_t>(300 + i)), kSize));
      const auto [r, bicubic] = upscale_as_users_get_it(*model, lr01, strength, 7000 + static_cast<uint64_t>(i));
      QCOMPARE(r.image01.size(2), static_cast<int64_t>(kSize * f));
      const at::Tensor lr = levels(lr01);
      const auto pool = F::MaxPool2dFuncOptions(5).stride(1).padding(2);
      const at::Tensor range = F::max_pool2d(lr, pool) + F::max_pool2d(-lr, pool);
      const at::Tensor flat = (range.amax(1, true) <= 3.5).repeat_interleave(f, 2).repeat_interleave(f, 3);
      const at::Tensor bic = levels(bicubic);
      const at::Tensor d = (levels(r.image01) - bic).abs().amax(1, true);
      const at::Tensor d_raw = (levels(to01(r.decoded)) - bic).abs().amax(1, true);
      const at::Tensor d_unclamped = (levels(match_low_resolution(to01(r.decoded), lr01)) - bic).abs().amax(1, true);
      flat_pixels += flat.sum().item<int64_t>();
      speckle += ((d > 8.0) & flat).sum().item<int64_t>();
      speckle_raw += ((d_raw > 8.0) & flat).sum().item<int64_t>();
      speckle_unclamped += ((d_unclamped > 8.0) & flat).sum().item<int64_t>();
      deviation += (d * flat).sum().item<double>();
    }
    QVERIFY(flat_pixels > n * kSize * kSize * f * f / 4);  // the scenes are mostly background
    qInfo("64 -> 256 px super-resolution, flat areas of the input (%.0f%% of the output): mean deviation from bicubic "
          "%.2f levels; speckle (> 8 levels) %.3f%% of their pixels (without the clamp %.3f%%, raw sample %.3f%%)",
          100.0 * flat_pixels / (n * kSize * kSize * f * f), deviation / flat_pixels, 100.0 * speckle / flat_pixels,
          100.0 * speckle_unclamped / flat_pixels, 100.0 * speckle_raw / flat_pixels);
    QVERIFY(speckle * 1000 <= flat_pixels);  // at most 0.1%
  }

  // Issue #25 item 5: the previews a window shows look like the picture that comes: one kind per run
  // (at the native size the bundled decoder costs a few sampling steps: decoded previews), and the last
  // step's preview within 20 dB PSNR of the final image.
  void previews_approach_the_picture() {
    Engine engine;
    for (int side : {64}) {
      GenerationRequest req;
      req.prompt = "a red circle above a small blue square";
      req.width = req.height = side;
      req.seed = 5;
      std::vector<StepInfo> steps;
      RunOptions run;
      run.previews = true;
      run.on_step = [&](const StepInfo& s) { steps.push_back(s); };
      const GenerationResult res = engine.run(req, run);
      QVERIFY(!steps.empty() && !steps.back().preview.empty());
      for (const StepInfo& s : steps) QVERIFY(s.preview.empty() || s.decoded_preview);
      const double p = test::psnr_u8(steps.back().preview, res.images[0]);
      qInfo("%dx%d: last preview (%s) vs the picture: %.1f dB", side, side, steps.back().decoded_preview ? "decoded" : "projected", p);
      QVERIFY(p >= 20.0);
    }
  }

  void engine_defaults_without_model_argument() {
    // No --model: the engine picks the bundled model of the task, and a layout request resolves
    // labels against that model's own class list.
    const auto names = describe_model(bundled_model_path(Task::Layout)).class_names;
    QCOMPARE(static_cast<int>(names.size()), kShapeClasses);
    QCOMPARE(QString::fromStdString(names[static_cast<size_t>(shape_class(0, 0))]), QStringLiteral("red circle"));
    Engine engine;
    GenerationRequest req;
    req.task = Task::Layout;
    req.steps = 10;
    req.seed = 7;
    LayoutBox b;
    b.label = "blue square";
    b.x0 = 0.3, b.y0 = 0.3, b.x1 = 0.7, b.y1 = 0.7;
    req.boxes.push_back(b);
    const GenerationResult res = engine.run(req);
    QCOMPARE(static_cast<int>(res.images.size()), 1);
    QCOMPARE(res.images[0].width, kSize);
    QVERIFY(res.request.model.find("shapes-layout") != std::string::npos);
  }
};

LDM_TEST_MAIN(TestDefaultModels)
#include "test_default_models.moc"
