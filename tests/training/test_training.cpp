// The two training stages on toy-sized configs: losses fall, checkpoints are CompVis-format files
// the engine loads, resume continues where it stopped, cancel saves first, export makes the
// bundled form (EMA weights, float16), and every diffusion kind (text, layout, inpaint, upscale)
// trains and samples through the engine's pipelines.
#include <QtTest/QtTest>
#include <torch/torch.h>

#include <filesystem>
#include <functional>
#include <fstream>

#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/autoencoder_config.h"
#include "core/models/first_stage.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/imaging/image_io.h"
#include "core/text/tokenizer.h"
#include "core/training/image_folder.h"
#include "core/training/train_common.h"
#include "core/training/training.h"
#include "support/test_main.h"

using namespace ldm;
namespace fs = std::filesystem;

namespace {

const char* kAutoencoder = R"(
model:
  target: ldm.models.autoencoder.AutoencoderKL
  params:
    embed_dim: 4
    lossconfig: {target: ldm_studio.losses.EdgeL1WithDiscriminator, params: {disc_start: 20, kl_weight: 1.0e-6, edge_weight: 1.0, disc_weight: 0.25, disc_ndf: 8, disc_num_layers: 2}}
    ddconfig: {double_z: true, z_channels: 4, resolution: 32, in_channels: 3, out_ch: 3, ch: 32, ch_mult: [1, 1, 1], num_res_blocks: 1, attn_resolutions: [], attn_type: none, dropout: 0.0}
data: {params: {size: 32, crop: 32, seed: 1, validation_seed: 2}}
training: {steps: 40, batch_size: 8, learning_rate: 2.0e-3, warmup_steps: 5, log_every: 1, checkpoint_every: 20, seed: 0}
)";

// {KIND} placeholders: conditioning key, cond stage, in_channels, extra sections.
std::string diffusion_config(const std::string& conditioning_key, const std::string& cond_stage_key,
                             const std::string& cond_stage, int in_channels, bool cross, const std::string& extra = "",
                             int coord_channels = 0) {
  std::string unet = "{image_size: 8, in_channels: " + std::to_string(in_channels) +
                     ", out_channels: 4, model_channels: 32, attention_resolutions: [2], num_res_blocks: 1, channel_mult: [1, 2], num_head_channels: 16";
  if (coord_channels > 0) unet += ", coord_channels: " + std::to_string(coord_channels);
  unet += cross ? ", use_spatial_transformer: true, transformer_depth: 1, context_dim: 16, legacy: false}" : "}";
  return "model:\n  target: ldm.models.diffusion.ddpm.LatentDiffusion\n  params:\n"
         "    linear_start: 0.00085\n    linear_end: 0.012\n    timesteps: 1000\n    image_size: 8\n    channels: 4\n"
         "    cond_stage_key: " + cond_stage_key + "\n    conditioning_key: " + conditioning_key +
         "\n    scale_by_std: true\n    use_ema: true\n    unet_config: {target: ldm.modules.diffusionmodules.openaimodel.UNetModel, params: " + unet +
         "}\n    cond_stage_config: " + cond_stage + "\n" + extra +
         "data: {params: {size: 32, count: 64, seed: 1, validation_seed: 2}}\n"
         "training: {steps: 8, batch_size: 4, learning_rate: 1.0e-3, warmup_steps: 2, log_every: 1, checkpoint_every: 8, seed: 0}\n";
}

const std::string kBertText = "{target: ldm.modules.encoders.modules.BERTEmbedder, params: {n_embed: 16, n_layer: 1, vocab_size: 30522, max_seq_len: 24, use_tokenizer: true}}";  // 24: as the bundled configs
const std::string kBertLayout = "{target: ldm.modules.encoders.modules.BERTEmbedder, params: {n_embed: 16, n_layer: 1, vocab_size: 1024, max_seq_len: 12, use_tokenizer: false}}";
const std::string kLayoutSection = "layout: {no_object_classes: 40, no_max_objects: 4, no_tokens: 1024, encode_crop: false, use_group_parameter: false, use_additional_parameters: false}\n";
const std::string kLayoutRasterSection = "layout: {no_object_classes: 40, no_max_objects: 4, no_tokens: 1024, encode_crop: false, use_group_parameter: false, use_additional_parameters: false, raster: true}\n";

// The message of the Error `run` throws, or "(no error)".
std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

std::string write(const std::string& dir, const std::string& name, const std::string& text) {
  fs::create_directories(dir);
  std::ofstream(dir + "/" + name) << text;
  return dir + "/" + name;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::string root_, ae_dir_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    root_ = tmp_.path().toStdString();
    ae_dir_ = root_ + "/ae";
  }

  void autoencoder_learns_and_resumes() {
    TrainOptions o;
    o.config_path = write(root_, "ae.yaml", kAutoencoder);
    o.out_dir = ae_dir_;
    o.max_steps = 30;
    std::vector<double> rec;
    std::vector<std::string> messages;
    int images = 0;
    o.on_progress = [&](const TrainProgress& p) {
      if (!p.message.empty()) messages.push_back(p.message);
      else rec.push_back(p.losses.at("rec"));
      if (p.step > 20) QVERIFY(p.losses.count("d") && p.losses.count("g"));  // discriminator after disc_start
    };
    o.write_image = [&](const Image& im, const std::string& path) {
      QVERIFY(im.width > 0 && path.find("/samples/step-") != std::string::npos);
      ++images;
    };
    train_autoencoder(o);
    QCOMPARE(static_cast<int>(rec.size()), 30);
    double first = 0, last = 0;
    for (int i = 0; i < 5; ++i) first += rec[static_cast<size_t>(i)] / 5, last += rec[rec.size() - 1 - static_cast<size_t>(i)] / 5;
    qInfo("L1 reconstruction: first 5 steps %.4f, last 5 steps %.4f", first, last);
    QVERIFY(last < 0.8 * first);
    QCOMPARE(images, 2);  // steps 20 and 30
    QVERIFY(!messages.empty() && messages.back().find("PSNR") != std::string::npos);

    // A second run into the same folder refuses; --resume continues at step 31.
    QVERIFY_THROWS_EXCEPTION(Error, train_autoencoder(o));
    o.resume = true;
    o.max_steps = 34;
    int64_t first_step = -1;
    o.on_progress = [&](const TrainProgress& p) {
      if (p.message.empty() && first_step < 0) first_step = p.step;
    };
    train_autoencoder(o);
    QCOMPARE(first_step, int64_t{31});
    const auto cfg = load_yaml_as_json(ae_dir_ + "/config.yaml");
    QCOMPARE(cfg["training"]["steps_done"].get<int>(), 34);

    // The checkpoint is an AutoencoderKL the engine loads (CompVis names, discriminator under loss.).
    const StateDict sd = load_safetensors(ae_dir_ + "/model.safetensors");
    QVERIFY(sd.contains("encoder.conv_in.weight") && sd.contains("post_quant_conv.weight"));
    QVERIFY(sd.has_prefix("loss.discriminator.main."));
    auto ae = load_first_stage(AutoencoderConfig::from_compvis(cfg["model"]), sd);
    const at::Tensor x = torch::zeros({1, 3, 32, 32});
    QCOMPARE(ae->decode(ae->encode(x).mode()).sizes(), x.sizes());
  }

  void cancel_saves_a_checkpoint() {
    std::atomic<bool> cancel{true};
    TrainOptions o;
    o.config_path = write(root_, "ae.yaml", kAutoencoder);
    o.out_dir = root_ + "/ae-cancelled";
    o.cancel = &cancel;
    QVERIFY_THROWS_EXCEPTION(Cancelled, train_autoencoder(o));
    QVERIFY(fs::exists(o.out_dir + "/model.safetensors") && fs::exists(o.out_dir + "/trainer_state.pt"));
  }

  void diffusion_kinds_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("text") << "text";
    QTest::newRow("text-v") << "text-v";
    QTest::newRow("layout") << "layout";
    QTest::newRow("layout-raster") << "layout-raster";
    QTest::newRow("inpaint") << "inpaint";
    QTest::newRow("upscale") << "upscale";
  }
  void diffusion_kinds() {
    QFETCH(QString, name);
    const std::string kind = name.toStdString();
    std::string cfg;
    // The text and inpainting UNets read coordinate channels, as the bundled ones do.
    if (kind == "text") cfg = diffusion_config("crossattn", "caption", kBertText, 4, true, "", 2);
    if (kind == "text-v") {
      // The bundled models' schedule: cosine (alphas_cumprod ends at 2.4e-9) with v-prediction.
      cfg = diffusion_config("crossattn", "caption", kBertText, 4, true, "", 2);
      const std::string linear = "linear_start: 0.00085\n    linear_end: 0.012\n";
      cfg.replace(cfg.find(linear), linear.size(), "beta_schedule: cosine\n    parameterization: v\n");
    }
    if (kind == "layout") cfg = diffusion_config("crossattn", "coordinates_bbox", kBertLayout, 4, true, kLayoutSection);
    if (kind == "layout-raster")  // the bundled layout model's scheme: + the boxes as a 40-class map
      cfg = diffusion_config("hybrid", "coordinates_bbox", kBertLayout, 44, true, kLayoutRasterSection);
    if (kind == "inpaint") cfg = diffusion_config("hybrid", "caption", kBertText, 9, true, "", 2);
    if (kind == "upscale") cfg = diffusion_config("concat", "LR_image", "{target: torch.nn.Identity}", 7, false);
    TrainOptions o;
    o.config_path = write(root_, kind + ".yaml", cfg);
    o.out_dir = root_ + "/" + kind;
    o.autoencoder = ae_dir_;
    if (kind == "inpaint") o.init = root_ + "/text";  // fine-tuned from the text model, as the recipe does
    std::vector<double> losses;
    std::vector<std::string> messages;
    int images = 0;
    o.on_progress = [&](const TrainProgress& p) {
      if (p.message.empty()) losses.push_back(p.losses.at("loss"));
      else messages.push_back(p.message);
    };
    o.write_image = [&](const Image& im, const std::string&) {
      QCOMPARE(im.height, 2 * 32 + 2);  // 8 (truth, sample) pairs of 32 px, 8 per row, 2 px apart
      ++images;
    };
    train_diffusion(o);
    QCOMPARE(static_cast<int>(losses.size()), 8);
    for (double l : losses) QVERIFY(std::isfinite(l) && l > 0 && l < 10);
    QCOMPARE(images, 1);
    if (kind == "inpaint") {
      bool init_msg = false;
      for (const auto& m : messages) init_msg = init_msg || m.find("initialised") != std::string::npos;
      QVERIFY(init_msg);
      // The wider first convolution: latent channels and coordinate channels from the text model
      // (moved by 8 small Adam steps only), the new mask and masked-image channels started at zero.
      const at::Tensor text_w = load_safetensors(root_ + "/text/model.safetensors").get("model.diffusion_model.input_blocks.0.0.weight");
      const at::Tensor inp_w = load_safetensors(o.out_dir + "/model.safetensors").get("model.diffusion_model.input_blocks.0.0.weight");
      QCOMPARE(inp_w.size(1), 11);  // 4 latent + 1 mask + 4 masked-image latent + 2 coordinates
      QVERIFY(text_w.narrow(1, 4, 2).abs().mean().item<double>() > 0.05);
      QVERIFY((inp_w.narrow(1, 0, 4) - text_w.narrow(1, 0, 4)).abs().mean().item<double>() < 0.02);
      QVERIFY((inp_w.narrow(1, 9, 2) - text_w.narrow(1, 4, 2)).abs().mean().item<double>() < 0.02);
      QVERIFY(inp_w.narrow(1, 4, 5).abs().mean().item<double>() < 0.02);
    }

    // The checkpoint: CompVis names, EMA copies, scale_factor filled in; the engine loads it.
    const LoadedModel lm = open_model(o.out_dir);
    const auto& p = lm.desc.config["model"]["params"];
    QVERIFY(p["scale_factor"].get<double>() > 0);
    QVERIFY(!p.contains("scale_by_std"));
    const StateDict raw = load_safetensors(o.out_dir + "/model.safetensors");
    QVERIFY(raw.has_prefix("model_ema.") && raw.has_prefix("first_stage_model.") && raw.contains("alphas_cumprod"));
    // use_ema: true, so open_model put the EMA copies in place of the raw weights.
    QVERIFY(torch::equal(lm.weights.get("model.diffusion_model.out.2.weight"), raw.get("model_ema.diffusion_modelout2weight")));
    QVERIFY(!torch::equal(raw.get("model.diffusion_model.out.2.weight"), raw.get("model_ema.diffusion_modelout2weight")));
    auto model = LatentDiffusion::load(lm.desc.config, lm.weights);
    QVERIFY(model->unet_in_channels() > 0);
    if (kind == "layout" || kind == "layout-raster") QVERIFY(fs::exists(o.out_dir + "/classes.json"));
    if (kind == "layout-raster") QCOMPARE(model->unet_in_channels(), int64_t{44});
    if (kind == "text" || kind == "text-v") {
      // The engine tokenizes to the model's max_seq_len (24), as the trainer did, and samples from it.
      auto tok = tokenizer_for(*model);
      QCOMPARE(tok->context_length(), int64_t{24});
      SamplerSettings so;
      so.steps = 2, so.guidance_scale = 2.0;
      const auto r = txt2img(*model, *tok, {"a red circle above a small blue square"}, "", 32, 32, so, 1);
      QCOMPARE(r.image01.size(3), int64_t{32});
      QVERIFY(torch::isfinite(r.image01).all().item<bool>());
    }
    QVERIFY(model->schedule().parameterization() == (kind == "text-v" ? Parameterization::V : Parameterization::Eps));
    if (kind == "text-v") {
      QCOMPARE(p["beta_schedule"].get<std::string>(), std::string("cosine"));
      QVERIFY(model->schedule().alphas_cumprod64().back() < 1e-8);
      QVERIFY(raw.get("alphas_cumprod")[999].item<double>() < 1e-8);  // the buffers follow the schedule
    }

    // Export: EMA weights under the raw names, float16, no model_ema.*, use_ema false; never overwrites.
    const std::string out = root_ + "/export-" + kind;
    export_model(o.out_dir, out);
    const StateDict ex = load_safetensors(out + "/model.safetensors");
    QVERIFY(!ex.has_prefix("model_ema.") && !ex.has_prefix("loss."));
    QVERIFY(ex.info("model.diffusion_model.out.2.weight").dtype == DType::F16);
    const at::Tensor ema_w = raw.get("model_ema.diffusion_modelout2weight");
    QVERIFY(torch::allclose(ex.get("model.diffusion_model.out.2.weight"), ema_w, 1e-3, 1e-3));
    QCOMPARE(load_yaml_as_json(out + "/config.yaml")["model"]["params"]["use_ema"].get<bool>(), false);
    QVERIFY_THROWS_EXCEPTION(Error, export_model(o.out_dir, out));
  }

  // --device and --step-scale (ldm train). The device names; the steps a stage trains; a text model
  // trained for half its configured steps on "auto" (CUDA where LibTorch sees a GPU, else the CPU)
  // records what it trained, and matches a run on the CPU step for step: the weights start from the
  // same CPU initialisation and every batch, timestep and noise is drawn on the CPU.
  void device_and_step_scale() {
    const bool cuda = torch::cuda::is_available();
    QCOMPARE(training::training_device("cpu"), c10::Device(c10::kCPU));
    QCOMPARE(training::training_device("auto").is_cuda(), cuda);
    QVERIFY_THROWS_EXCEPTION(Error, training::training_device("tpu"));
    if (!cuda) QVERIFY_THROWS_EXCEPTION(Error, training::training_device("cuda"));
    TrainOptions s;
    QCOMPARE(training::training_steps(s, 3000), int64_t{3000});
    s.step_scale = 2.5;
    QCOMPARE(training::training_steps(s, 8), int64_t{20});
    s.step_scale = 0.01;
    QCOMPARE(training::training_steps(s, 8), int64_t{1});
    s.max_steps = 5;
    QCOMPARE(training::training_steps(s, 8), int64_t{5});  // --steps wins
    s.max_steps = -1, s.step_scale = 0;
    QVERIFY_THROWS_EXCEPTION(Error, training::training_steps(s, 8));

    auto run = [&](const std::string& device, std::vector<std::string>* messages) {
      TrainOptions o;
      o.config_path = write(root_, "text-scaled.yaml", diffusion_config("crossattn", "caption", kBertText, 4, true, "", 2));
      o.out_dir = root_ + "/text-scaled-" + device;
      o.autoencoder = ae_dir_;
      o.step_scale = 0.5;  // 8 configured -> 4
      o.device = device;
      std::vector<double> losses;
      std::vector<int64_t> totals;
      o.on_progress = [&](const TrainProgress& p) {
        if (!p.message.empty()) messages->push_back(p.message);
        else losses.push_back(p.losses.at("loss")), totals.push_back(p.total);
      };
      train_diffusion(o);
      const auto t = load_yaml_as_json(o.out_dir + "/config.yaml")["training"];
      [&] {
        QCOMPARE(t["steps"].get<int>(), 4);
        QCOMPARE(t["steps_done"].get<int>(), 4);
        QVERIFY(std::all_of(totals.begin(), totals.end(), [](int64_t n) { return n == 4; }));
      }();
      return losses;
    };
    std::vector<std::string> on_auto, on_cpu;
    const auto a = run("auto", &on_auto), c = run("cpu", &on_cpu);
    QCOMPARE(static_cast<int>(a.size()), 4);
    QVERIFY(std::find(on_auto.begin(), on_auto.end(), "training on " + training::training_device("auto").str()) != on_auto.end());
    QVERIFY(std::find(on_cpu.begin(), on_cpu.end(), std::string("training on cpu")) != on_cpu.end());
    for (size_t i = 0; i < a.size(); ++i) {
      qInfo("step %zu: loss %.6f on %s, %.6f on the CPU", i + 1, a[i], training::training_device("auto").str().c_str(), c[i]);
      QVERIFY(std::abs(a[i] - c[i]) <= 1e-3 * c[i]);
    }
  }

  // Min-SNR-gamma weighting (training.snr_gamma): each sample's loss times min(SNR, gamma) / SNR <= 1.
  // Same seed, same batches and timesteps: the weighted first-step loss is at most the plain one,
  // and over the run, with the clean timesteps down-weighted, the sum is lower.
  void min_snr_weighting() {
    auto run = [&](const std::string& name, const std::string& training_line) {
      std::string cfg = diffusion_config("concat", "LR_image", "{target: torch.nn.Identity}", 7, false);
      const std::string plain = "training: {steps: 8, ";
      cfg.replace(cfg.find(plain), plain.size(), "training: {" + training_line + "steps: 8, ");
      TrainOptions o;
      o.config_path = write(root_, name + ".yaml", cfg);
      o.out_dir = root_ + "/" + name;
      o.autoencoder = ae_dir_;
      o.write_image = [](const Image&, const std::string&) {};
      std::vector<double> losses;
      o.on_progress = [&](const TrainProgress& p) {
        if (p.message.empty()) losses.push_back(p.losses.at("loss"));
      };
      train_diffusion(o);
      return losses;
    };
    const auto plain = run("snr-off", "");
    const auto weighted = run("snr-5", "snr_gamma: 5.0, ");
    QCOMPARE(weighted.size(), plain.size());
    double sum_plain = 0, sum_weighted = 0;
    for (size_t i = 0; i < plain.size(); ++i) sum_plain += plain[i], sum_weighted += weighted[i];
    qInfo("loss over 8 steps: plain %.4f, min-SNR-5 %.4f; first step %.9f, %.9f", sum_plain, sum_weighted, plain[0],
          weighted[0]);
    // (float32 losses reduced in another order: the per-sample means, then the batch's, differ from one
    // mean over everything by a few ulp where every weight is 1, as in the first batch here)
    QVERIFY(weighted[0] <= plain[0] * (1 + 1e-6));
    QVERIFY(sum_weighted < sum_plain);
  }

  void bad_configs() {
    TrainOptions o;
    o.config_path = write(root_, "bad.yaml", diffusion_config("concat", "caption", kBertText, 4, false));
    o.out_dir = root_ + "/bad";
    o.autoencoder = ae_dir_;
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // concat + text: not a kind we train
    o.config_path = write(root_, "bad-raster.yaml", diffusion_config("crossattn", "coordinates_bbox", kBertLayout, 44, true, kLayoutRasterSection));
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // the class map needs conditioning_key hybrid
    o.config_path = write(root_, "bad-raster2.yaml", diffusion_config("hybrid", "coordinates_bbox", kBertLayout, 4, true, kLayoutRasterSection));
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // in_channels must make room for the map
    std::string share = diffusion_config("hybrid", "caption", kBertText, 9, true, "", 2);
    share.replace(share.find("training: {"), 11, "training: {object_prompt: 1.5, ");
    o.config_path = write(root_, "bad-object-prompt.yaml", share);
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // a share is in [0, 1]
    std::string short_context = diffusion_config("crossattn", "caption", kBertText, 4, true);
    short_context.replace(short_context.find("max_seq_len: 24"), 15, "max_seq_len: 6");
    o.config_path = write(root_, "short-context.yaml", short_context);
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // captions would be cut short
    o.config_path = write(root_, "t.yaml", diffusion_config("crossattn", "caption", kBertText, 4, true));
    o.autoencoder.clear();
    QVERIFY_THROWS_EXCEPTION(Error, train_diffusion(o));  // no stage-1 model
  }

  // A folder of the user's pictures (data.target ldm_studio.data.ImageFolder): which files are pictures,
  // their captions, the shorter-side scaling and centre crop, the held-out picture; both stages train
  // on it and show the held-out picture in their validation grid; the kinds it cannot feed and an
  // empty or missing folder are refused before anything is written.
  void image_folder_trains_both_stages() {
    const std::string pictures = root_ + "/pictures";
    fs::create_directories(pictures);
    const uint8_t colours[4][3] = {{220, 40, 40}, {40, 200, 60}, {40, 60, 220}, {230, 210, 40}};
    for (int i = 0; i < 12; ++i) {
      // 48x40: a background, and a square of another colour at a place of its own.
      Image im = Image::blank(48, 40, 3);
      const uint8_t* bg = colours[i % 4];
      const uint8_t* fg = colours[(i + 1 + i / 4) % 4];
      for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 48; ++x) {
          const bool inside = x >= 6 + 2 * i && x < 22 + 2 * i && y >= 8 + i && y < 24 + i;
          std::copy(inside ? fg : bg, (inside ? fg : bg) + 3, im.at(x, y));
        }
      char name[32];
      std::snprintf(name, sizeof name, "/pic-%02d.png", i);
      save_png(pictures + name, im);
      if (i != 3) write(pictures, std::string(name).substr(1, 6) + ".txt", "  a   picture\n number " + std::to_string(i) + " ");
    }
    // Three columns, left red, middle green (half the width), right blue: its centre square is green.
    Image bands = Image::blank(64, 32, 3);
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 64; ++x) std::copy(colours[x < 16 ? 0 : x < 48 ? 1 : 2], colours[x < 16 ? 0 : x < 48 ? 1 : 2] + 3, bands.at(x, y));
    save_png(pictures + "/zz-bands.PNG", bands);
    write(pictures, "notes.md", "not a picture");

    const ImageFolder folder(pictures, [](const std::string& path) { return load_image(path); });
    QCOMPARE(folder.size(), size_t{13});
    QVERIFY(folder.file(0).find("pic-00.png") != std::string::npos && folder.file(12).find("zz-bands.PNG") != std::string::npos);
    QCOMPARE(folder.caption(0), std::string("a picture number 0"));
    QCOMPARE(folder.caption(3), std::string());
    QCOMPARE(folder.held_out_indices(), std::vector<size_t>{9});
    QCOMPARE(folder.training_indices().size(), size_t{12});
    const Image centre = folder.picture(12, 16);
    QCOMPARE(centre.width, 16);
    QCOMPARE(centre.height, 16);
    for (int y = 0; y < 16; ++y)
      for (int x = 0; x < 16; ++x) QVERIFY(std::equal(colours[1], colours[1] + 3, centre.at(x, y)));
    const Image pic = folder.picture(9, 32);  // 48x40 -> 38x32 -> columns 3..34
    QVERIFY(std::equal(colours[1], colours[1] + 3, pic.at(0, 0)));  // pic-09: green background...
    QVERIFY(std::equal(colours[0], colours[0] + 3, pic.at(22, 20)));  // ...and its red square, moved with the crop

    // Stage 1 on the folder; the data root is relative to the config's folder.
    std::string ae_cfg = kAutoencoder;
    ae_cfg.replace(ae_cfg.find("data: {params: {"), 16, "data: {target: ldm_studio.data.ImageFolder, params: {root: pictures, ");
    TrainOptions o;
    o.config_path = write(root_, "ae-folder.yaml", ae_cfg);
    o.out_dir = root_ + "/ae-folder";
    o.max_steps = 3;
    std::vector<std::string> messages;
    std::vector<Image> grids;
    o.on_progress = [&](const TrainProgress& p) {
      if (!p.message.empty()) messages.push_back(p.message);
    };
    o.write_image = [&](const Image& im, const std::string&) { grids.push_back(im); };
    QVERIFY(error_of([&] { train_autoencoder(o); }).find("needs the imaging library") != std::string::npos);
    QVERIFY(!fs::exists(o.out_dir));
    o.read_image = [](const std::string& path) { return load_image(path); };
    train_autoencoder(o);
    auto said = [&](const std::string& what) {
      for (const auto& m : messages)
        if (m.find(what) != std::string::npos) return true;
      return false;
    };
    QVERIFY(said("training on 12 pictures of " + pictures + " (1 more held out, 1 of them for validation)"));
    // The grid: the held-out picture above its reconstruction (one column).
    const Image truth = folder.picture(9, 32);
    QCOMPARE(grids.size(), size_t{1});
    QCOMPARE(grids[0].width, 32);
    QCOMPARE(grids[0].height, 2 * 32 + 2);
    for (int y = 0; y < 32; ++y) QVERIFY(std::equal(truth.at(0, y), truth.at(0, y) + 32 * 3, grids[0].at(0, y)));

    // Stage 2, text-to-image: the pictures with their captions.
    std::string text_cfg = diffusion_config("crossattn", "caption", kBertText, 4, true);
    text_cfg.replace(text_cfg.find("data: {params: {"), 16, "data: {target: ldm_studio.data.ImageFolder, params: {root: " + pictures + ", ");
    TrainOptions t = o;
    t.config_path = write(root_, "text-folder.yaml", text_cfg);
    t.out_dir = root_ + "/text-folder";
    t.autoencoder = o.out_dir;
    t.max_steps = 2;
    messages.clear();
    grids.clear();
    train_diffusion(t);
    QVERIFY(said("2 of 12 pictures have no caption"));  // pic-03 and the bands
    QCOMPARE(grids.size(), size_t{1});
    QCOMPARE(grids[0].width, 2 * 32 + 2);  // one (truth, sample) pair
    for (int y = 0; y < 32; ++y) QVERIFY(std::equal(truth.at(0, y), truth.at(0, y) + 32 * 3, grids[0].at(0, y)));
    QVERIFY(fs::exists(t.out_dir + "/model.safetensors"));
    // Stage 2, super-resolution: the pictures from their own downscaled copies.
    std::string sr_cfg = diffusion_config("concat", "LR_image", "{target: torch.nn.Identity}", 7, false);
    sr_cfg.replace(sr_cfg.find("data: {params: {"), 16, "data: {target: ldm_studio.data.ImageFolder, params: {root: pictures, ");
    TrainOptions u = t;
    u.config_path = write(root_, "upscale-folder.yaml", sr_cfg);
    u.out_dir = root_ + "/upscale-folder";
    grids.clear();
    train_diffusion(u);
    QCOMPARE(grids.size(), size_t{1});
    for (int y = 0; y < 32; ++y) QVERIFY(std::equal(truth.at(0, y), truth.at(0, y) + 32 * 3, grids[0].at(0, y)));
    QVERIFY(open_model(u.out_dir).desc.config.is_object());

    // Refused before anything is written: a kind a folder cannot feed, an empty folder, no folder.
    TrainOptions bad = t;
    bad.out_dir = root_ + "/folder-refused";
    std::string layout_cfg = diffusion_config("crossattn", "coordinates_bbox", kBertLayout, 4, true, kLayoutSection);
    layout_cfg.replace(layout_cfg.find("data: {params: {"), 16, "data: {target: ldm_studio.data.ImageFolder, params: {root: pictures, ");
    bad.config_path = write(root_, "layout-folder.yaml", layout_cfg);
    std::string e = error_of([&] { train_diffusion(bad); });
    QVERIFY2(e.find("trains text-to-image and super-resolution models") != std::string::npos, e.c_str());
    fs::create_directories(root_ + "/no-pictures");
    write(root_ + "/no-pictures", "only.png.txt", "a caption without its picture");
    std::string empty_cfg = ae_cfg;
    empty_cfg.replace(empty_cfg.find("root: pictures"), 14, "root: no-pictures");
    bad.config_path = write(root_, "ae-empty.yaml", empty_cfg);
    e = error_of([&] { train_autoencoder(bad); });
    QVERIFY2(e.find("holds 0 pictures") != std::string::npos, e.c_str());
    empty_cfg.replace(empty_cfg.find("root: no-pictures"), 17, "root: missing");
    bad.config_path = write(root_, "ae-missing.yaml", empty_cfg);
    e = error_of([&] { train_autoencoder(bad); });
    QVERIFY2(e.find("missing is not a folder") != std::string::npos, e.c_str());
    QVERIFY(!fs::exists(bad.out_dir));
  }

  // A reference config names datasets and a loss that are not here (ImageNet, LPIPS with its VGG):
  // training refuses them in one line before it starts, rather than train ShapesWorld and our loss
  // under their names. Leaving data.target out, or naming ShapesWorld, is what the bundled configs do.
  void foreign_dataset_and_loss_refused() {
    TrainOptions o;
    o.out_dir = root_ + "/foreign";
    std::string imagenet = kAutoencoder;
    imagenet.replace(imagenet.find("data: {params:"), 14, "data: {target: ldm.data.imagenet.ImageNetTrain, params:");
    o.config_path = write(root_, "ae-imagenet.yaml", imagenet);
    std::string e = error_of([&] { train_autoencoder(o); });
    QVERIFY2(e.find("data.target ldm.data.imagenet.ImageNetTrain is not a dataset") != std::string::npos, e.c_str());
    std::string lpips = kAutoencoder;
    lpips.replace(lpips.find("ldm_studio.losses.EdgeL1WithDiscriminator"), 41, "ldm.modules.losses.LPIPSWithDiscriminator");
    o.config_path = write(root_, "ae-lpips.yaml", lpips);
    e = error_of([&] { train_autoencoder(o); });
    QVERIFY2(e.find("lossconfig.target ldm.modules.losses.LPIPSWithDiscriminator is not a loss") != std::string::npos, e.c_str());
    std::string reference = diffusion_config("crossattn", "caption", kBertText, 4, true);
    reference.replace(reference.find("data: {params:"), 14, "data: {target: main.DataModuleFromConfig, params:");
    o.config_path = write(root_, "ldm-reference-data.yaml", reference);
    o.autoencoder = ae_dir_;
    e = error_of([&] { train_diffusion(o); });
    QVERIFY2(e.find("data.target main.DataModuleFromConfig is not a dataset") != std::string::npos, e.c_str());
    QVERIFY(!fs::exists(o.out_dir));  // refused before anything was written
    // Named as the bundled configs name it, the dataset trains (as the other tests do without a target).
    std::string named = kAutoencoder;
    named.replace(named.find("data: {params:"), 14, "data: {target: ldm_studio.data.ShapesWorld, params:");
    o.config_path = write(root_, "ae-named.yaml", named);
    o.max_steps = 1;
    train_autoencoder(o);
    QVERIFY(fs::exists(o.out_dir + "/model.safetensors"));
  }
};

LDM_TEST_MAIN(TestTraining)
#include "test_training.moc"
