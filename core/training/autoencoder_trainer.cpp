// Stage 1: ldm.models.autoencoder.AutoencoderKL trained as ldm.modules.losses.LPIPSWithDiscriminator
// does (rec + KL + adaptive-weight hinge GAN after disc_start), with one change: no pretrained
// network exists here for LPIPS, so the perceptual term is an L1 loss on image gradients
// (finite differences, edge_weight), which keeps the edges of flat-coloured shapes sharp.
#include <torch/torch.h>

#include <filesystem>
#include <random>

#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/io/yaml_json.h"
#include "core/models/autoencoder_config.h"
#include "core/models/autoencoder_kl.h"
#include "core/nn/load_weights.h"
#include "core/training/image_folder.h"
#include "core/training/patch_discriminator.h"
#include "core/training/shapes_world.h"
#include "core/training/train_common.h"
#include "core/training/training.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;
using training::value_or;

struct AeLossConfig {
  double kl_weight = 1e-6, edge_weight = 1.0, l2_weight = 0.0, disc_weight = 0.5, disc_factor = 1.0;
  int64_t disc_start = 0, disc_ndf = 32, disc_layers = 2;
};

at::Tensor edge_l1(const at::Tensor& x, const at::Tensor& y) {
  using namespace torch::indexing;
  const at::Tensor dx = (x.index({Slice(), Slice(), Slice(), Slice(1, None)}) - x.index({Slice(), Slice(), Slice(), Slice(None, -1)})) -
                        (y.index({Slice(), Slice(), Slice(), Slice(1, None)}) - y.index({Slice(), Slice(), Slice(), Slice(None, -1)}));
  const at::Tensor dy = (x.index({Slice(), Slice(), Slice(1, None)}) - x.index({Slice(), Slice(), Slice(None, -1)})) -
                        (y.index({Slice(), Slice(), Slice(1, None)}) - y.index({Slice(), Slice(), Slice(None, -1)}));
  return dx.abs().sum() + dy.abs().sum();
}

// A random crop x crop square of a [3, size, size] picture.
at::Tensor random_crop(const at::Tensor& img, int size, int crop, std::mt19937_64& rng) {
  const int64_t ox = crop < size ? static_cast<int64_t>(rng() % static_cast<uint64_t>(size - crop + 1)) : 0;
  const int64_t oy = crop < size ? static_cast<int64_t>(rng() % static_cast<uint64_t>(size - crop + 1)) : 0;
  return img.narrow(1, oy, crop).narrow(2, ox, crop);
}

// A batch of random crops of freshly rendered scenes: [B, 3, crop, crop] in [-1, 1].
at::Tensor render_batch(const ShapesWorld& world, uint64_t first_index, int batch, int size, int crop, std::mt19937_64& rng) {
  std::vector<at::Tensor> items;
  for (int i = 0; i < batch; ++i)
    items.push_back(random_crop(training::image_to_m11(render_scene(world.scene(first_index + static_cast<uint64_t>(i)), size)), size, crop, rng));
  return torch::stack(items);
}

double psnr(const at::Tensor& a, const at::Tensor& b) {
  // On 8-bit values, as images are judged.
  const at::Tensor qa = a.add(1).mul(127.5).round().clamp(0, 255), qb = b.add(1).mul(127.5).round().clamp(0, 255);
  const double mse = (qa - qb).pow(2).mean().item<double>();
  return 10.0 * std::log10(255.0 * 255.0 / std::max(mse, 1e-10));
}

}  // namespace

void train_autoencoder(const TrainOptions& options) {
  const nlohmann::json config = load_yaml_as_json(options.config_path);
  if (!config.contains("model")) throw Error(options.config_path + ": no model: section");
  const nlohmann::json& model_node = config["model"];
  const AutoencoderConfig ae_config = AutoencoderConfig::from_compvis(model_node);
  if (!ae_config.is_kl()) throw Error(options.config_path + ": stage 1 trains a KL autoencoder (AutoencoderKL)");
  // The reference's LPIPSWithDiscriminator needs a pretrained VGG, which is not here; its stand-in is
  // ldm_studio.losses.EdgeL1WithDiscriminator (resources/training/autoencoder-kl-f4.yaml says how).
  // Another loss is refused, not trained as this one under its name.
  static const std::string kLoss = "ldm_studio.losses.EdgeL1WithDiscriminator";
  const nlohmann::json loss = value_or(model_node["params"], "lossconfig", nlohmann::json::object());
  const std::string loss_target = value_or<std::string>(loss, "target", kLoss);
  if (loss_target != kLoss)
    throw Error(options.config_path + ": lossconfig.target " + loss_target + " is not a loss this program has: use " + kLoss +
                " (L1, L2 and edge terms, KL and a PatchGAN; no LPIPS, whose VGG weights are not here)");
  const nlohmann::json loss_params = value_or(loss, "params", nlohmann::json::object());
  AeLossConfig lc;
  lc.kl_weight = value_or(loss_params, "kl_weight", lc.kl_weight);
  lc.edge_weight = value_or(loss_params, "edge_weight", lc.edge_weight);
  lc.l2_weight = value_or(loss_params, "l2_weight", lc.l2_weight);
  lc.disc_weight = value_or(loss_params, "disc_weight", lc.disc_weight);
  lc.disc_factor = value_or(loss_params, "disc_factor", lc.disc_factor);
  lc.disc_start = value_or<int64_t>(loss_params, "disc_start", lc.disc_start);
  lc.disc_ndf = value_or<int64_t>(loss_params, "disc_ndf", lc.disc_ndf);
  lc.disc_layers = value_or<int64_t>(loss_params, "disc_num_layers", lc.disc_layers);
  const training::TrainingData data_source = training::training_data(config, options.config_path, options.data_folder);
  const nlohmann::json& data = data_source.params;
  const nlohmann::json train = config.value("training", nlohmann::json::object());
  const int size = value_or(data, "size", 64), crop = value_or(data, "crop", size);
  const uint64_t data_seed = value_or<uint64_t>(data, "seed", 1), val_seed = value_or<uint64_t>(data, "validation_seed", 2);
  const int64_t steps = training::training_steps(options, value_or<int64_t>(train, "steps", 2000));
  const c10::Device device = training::training_device(options.device);
  const int batch = value_or(train, "batch_size", 16);
  const double lr = value_or(train, "learning_rate", 1e-3), disc_lr = value_or(train, "disc_learning_rate", 2e-4);
  const int64_t warmup = value_or<int64_t>(train, "warmup_steps", 100);
  const int log_every = value_or(train, "log_every", 50);
  const int64_t ckpt_every = value_or<int64_t>(train, "checkpoint_every", 500);
  const uint64_t seed = value_or<uint64_t>(train, "seed", 0);
  // Decoder fine-tuning (stage 1b): the encoder and quant_conv stay as they are, so the latent space -
  // and every diffusion model trained in it - is unchanged; the decoder learns to decode latents
  // that carry errors (a diffusion model's prediction) as the image they stand for: each training
  // latent gets Gaussian noise of std u * latent_noise * (the latents' std), u uniform in [0, 1).
  const bool decoder_only = value_or(train, "decoder_only", false);
  const double latent_noise = value_or(train, "latent_noise", 0.0);
  if (decoder_only && options.init.empty())
    throw Error(options.config_path + ": training.decoder_only fine-tunes a trained autoencoder: give --init MODEL");
  if (crop > size || crop % ae_config.downsampling_factor()) throw Error(options.config_path + ": data.params.crop must be <= size and a multiple of the downsampling factor");

  torch::manual_seed(seed);
  AutoencoderKL ae(ae_config);
  {
    // The posterior starts nearly deterministic (std e^-4): with the reference's default init (std 1)
    // the noise drowns the latent for the first thousand steps, which a short run cannot afford.
    torch::NoGradGuard no_grad;
    ae.quant_conv->bias.narrow(0, ae_config.embed_dim, ae_config.embed_dim).fill_(-8.0);
  }
  if (!options.init.empty()) {
    // A trained autoencoder: its own folder, or the first stage of a latent diffusion model.
    const StateDict init = load_safetensors(resolve_model_files(options.init).weights);
    const StateDict weights = init.has_prefix("first_stage_model.") ? init.select("first_stage_model.") : init;
    LoadOptions lo;
    lo.what = "autoencoder";
    lo.ignore_unexpected = {"loss."};
    load_weights(ae, weights, lo);
  }
  std::vector<at::Tensor> trained_params;
  for (auto& p : ae.named_parameters()) {
    const bool encoder_side = p.key().rfind("encoder.", 0) == 0 || p.key().rfind("quant_conv.", 0) == 0;
    if (decoder_only && encoder_side) p.value().set_requires_grad(false);
    else trained_params.push_back(p.value());
  }
  PatchDiscriminator disc(3, lc.disc_ndf, lc.disc_layers);
  init_discriminator_weights(*disc);
  // Moved before the optimisers are made and the weights of a resumed run are loaded (load_weights
  // puts them on each parameter's device).
  ae.to(device);
  disc->to(device);
  torch::optim::Adam opt_g(trained_params, torch::optim::AdamOptions(lr).betas({0.5, 0.9}));
  torch::optim::Adam opt_d(disc->parameters(), torch::optim::AdamOptions(disc_lr).betas({0.5, 0.9}));

  // The training pictures: shapes-world scenes rendered as they are needed, or a folder's pictures
  // read once. Held out for the validation PSNR and images: 16 scenes of another seed, or the folder's
  // held-out pictures (at most 16).
  const ShapesWorld world(ShapesWorldOptions{data_seed});
  at::Tensor pictures, val;
  std::string data_description;  // said when training starts
  if (!data_source.folder.empty()) {
    const ImageFolder folder(data_source.folder, options.read_image);
    pictures = training::folder_pictures(folder, folder.training_indices(), size);
    const std::vector<size_t> held = folder.held_out_indices();
    val = training::folder_pictures(folder, {held.begin(), held.begin() + std::min<ptrdiff_t>(16, held.size())}, size).to(device);
    data_description = std::to_string(pictures.size(0)) + " pictures of " + folder.root() + " (" + std::to_string(held.size()) +
                       " more held out, " + std::to_string(val.size(0)) + " of them for validation)";
  } else {
    const ShapesWorld held_out(ShapesWorldOptions{val_seed});
    std::vector<at::Tensor> val_items;
    for (int i = 0; i < 16; ++i) val_items.push_back(training::image_to_m11(render_scene(held_out.scene(static_cast<uint64_t>(i)), size)));
    val = torch::stack(val_items).to(device);
  }
  const int shown = static_cast<int>(std::min<int64_t>(8, val.size(0)));

  const std::string weights_path = options.out_dir + "/model.safetensors";
  const std::string state_path = options.out_dir + "/trainer_state.pt";
  int64_t start = 0;
  if (options.resume) {
    if (!fs::exists(weights_path) || !fs::exists(state_path))
      throw Error("nothing to resume in " + options.out_dir + " (model.safetensors and trainer_state.pt needed)");
    const StateDict sd = load_safetensors(weights_path);
    LoadOptions lo;
    lo.what = "autoencoder";
    lo.ignore_unexpected = {"loss."};
    load_weights(ae, sd, lo);
    LoadOptions ld;
    ld.what = "discriminator";
    load_weights(*disc, sd.select("loss.discriminator."), ld);
    start = training::load_trainer_state(state_path, {{"opt_g", &opt_g}, {"opt_d", &opt_d}}, device);
  } else if (fs::exists(weights_path)) {
    throw Error(options.out_dir + " already holds a model: use --resume or another --out folder");
  }
  fs::create_directories(options.out_dir + "/samples");

  nlohmann::json out_config = config;
  out_config["training"]["steps"] = steps;  // what this run trains to (--steps, step_scale), so that it knows when it is done
  auto save = [&](int64_t step) {
    StateDict sd;
    add_module_tensors(sd, ae, "");
    add_module_tensors(sd, *disc, "loss.discriminator.");
    out_config["training"]["steps_done"] = step;
    training::write_checkpoint(sd, out_config, options.out_dir);
    training::save_trainer_state(state_path, {{"opt_g", &opt_g}, {"opt_d", &opt_d}}, step);
  };

  auto validate = [&](int64_t step, training::ProgressMeter& meter) {
    torch::NoGradGuard no_grad;
    ae.eval();
    const at::Tensor rec = ae.decode(ae.encode(val).posterior->mode());
    ae.train();
    const double p = psnr(rec, val);
    std::vector<Image> tiles;
    for (int i = 0; i < shown; ++i) tiles.push_back(training::m11_to_image(val[i]));
    for (int i = 0; i < shown; ++i) tiles.push_back(training::m11_to_image(rec[i]));
    if (options.write_image) options.write_image(training::image_grid(tiles, shown), options.out_dir + "/samples/step-" + std::to_string(step) + ".png");
    char buf[96];
    std::snprintf(buf, sizeof buf, "step %lld: held-out reconstruction PSNR %.2f dB", static_cast<long long>(step), p);
    meter.message(buf);
  };

  std::mt19937_64 crop_rng(seed * 7919 + static_cast<uint64_t>(start));
  training::ProgressMeter meter("autoencoder", steps, start, log_every, options.on_progress);
  meter.message("training on " + device.str());
  if (!data_description.empty()) meter.message("training on " + data_description);
  // A batch: fresh scenes, or random crops of random pictures of the folder.
  auto next_batch = [&](int64_t step) {
    if (!pictures.defined()) return render_batch(world, static_cast<uint64_t>(step) * static_cast<uint64_t>(batch), batch, size, crop, crop_rng);
    std::vector<at::Tensor> items;
    for (int i = 0; i < batch; ++i)
      items.push_back(random_crop(pictures[static_cast<int64_t>(crop_rng() % static_cast<uint64_t>(pictures.size(0)))], size, crop, crop_rng));
    return torch::stack(items);
  };
  const at::Tensor last_layer = ae.named_parameters()["decoder.conv_out.weight"];
  ae.train();
  disc->train();
  for (int64_t step = start; step < steps; ++step) {
    if (options.cancel && options.cancel->load()) {
      save(step);
      meter.message("cancelled at step " + std::to_string(step) + ": checkpoint saved; continue with --resume");
      throw Cancelled();
    }
    training::set_adam_lr(opt_g, training::lr_at(step, steps, lr, warmup, 0.1));
    const at::Tensor x = next_batch(step).to(device);
    const auto posterior = ae.encode(x).posterior;
    at::Tensor z = posterior->sample();
    if (latent_noise > 0) {
      const at::Tensor u = torch::rand({z.size(0), 1, 1, 1}, z.options());
      z = z.detach() + torch::randn_like(z) * (u * latent_noise * z.detach().std());
    }
    const at::Tensor xrec = ae.decode(z);
    const double B = static_cast<double>(batch);
    const at::Tensor diff = x - xrec;
    const at::Tensor rec = diff.abs().sum() / B;
    const at::Tensor edge = edge_l1(x, xrec) / B;
    // L1 treats every pixel alike, so the 85% of background dominates early training; the squared
    // term weighs the large errors on the (small) objects.
    const at::Tensor l2 = diff.pow(2).sum() / B;
    const at::Tensor nll = rec + lc.l2_weight * l2 + lc.edge_weight * edge;
    const at::Tensor kl = posterior->kl().sum() / B;
    at::Tensor loss = decoder_only ? nll : nll + lc.kl_weight * kl;
    const bool gan = step >= lc.disc_start && lc.disc_factor > 0;
    if (gan) {
      const at::Tensor g_loss = -disc->forward(xrec).mean();
      const at::Tensor nll_grad = torch::autograd::grad({nll}, {last_layer}, {}, /*retain_graph=*/true)[0];
      const at::Tensor g_grad = torch::autograd::grad({g_loss}, {last_layer}, {}, /*retain_graph=*/true)[0];
      const double d_weight = std::clamp(nll_grad.norm().item<double>() / (g_grad.norm().item<double>() + 1e-4), 0.0, 1e4) * lc.disc_weight;
      loss = loss + d_weight * lc.disc_factor * g_loss;
      meter.add("g", g_loss.item<double>());
    }
    opt_g.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(trained_params, 1e3);
    opt_g.step();
    if (gan) {
      const at::Tensor real = disc->forward(x.detach()), fake = disc->forward(xrec.detach());
      const at::Tensor d_loss = lc.disc_factor * 0.5 * (torch::relu(1.0 - real).mean() + torch::relu(1.0 + fake).mean());
      opt_d.zero_grad();
      d_loss.backward();
      opt_d.step();
      meter.add("d", d_loss.item<double>());
    }
    meter.add("rec", (rec / (x.numel() / B)).item<double>());
    meter.add("kl", kl.item<double>());
    meter.step_done(step + 1);
    if ((step + 1) % ckpt_every == 0 || step + 1 == steps) {
      save(step + 1);
      validate(step + 1, meter);
    }
  }
  if (start >= steps) validate(steps, meter);
}

}  // namespace ldm
