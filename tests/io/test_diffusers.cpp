// diffusers folders: there is no real diffusers fixture, so one is written here from the sd1-tiny
// and sd2-tiny fixtures by a CompVis -> diffusers writer of the test's own. It parses CompVis keys
// and renames them after the diffusers module names (UNet2DConditionModel, AutoencoderKL,
// transformers CLIPTextModel), the reverse direction of core/io/diffusers.cpp, which builds its
// table from the config.json files instead. Loading it back must give the fixture's tensors
// bit for bit and a config equal to the fixture's config.yaml.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/error.h"
#include "core/io/diffusers.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/text_encoder.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;
using json = nlohmann::json;

namespace {

c10::ScalarType stored(const StateDict& w, const std::string& k) {
  switch (w.info(k).dtype) {
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::F64: return at::kDouble;
    default: return at::kFloat;
  }
}

// Schedule buffers of LatentDiffusion: diffusers keeps the schedule in scheduler_config.json.
bool is_schedule_buffer(const std::string& k) { return k.find('.') == std::string::npos; }

std::string resnet_name(const std::string& r) {  // openaimodel ResBlock -> diffusers ResnetBlock2D
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"in_layers.0.", "norm1."}, {"in_layers.2.", "conv1."}, {"emb_layers.1.", "time_emb_proj."},
      {"out_layers.0.", "norm2."}, {"out_layers.3.", "conv2."}, {"skip_connection.", "conv_shortcut."},
      {"nin_shortcut.", "conv_shortcut."}};
  for (const auto& [from, to] : names) {
    if (r.rfind(from, 0) == 0) return to + r.substr(from.size());
  }
  return r;  // the VAE ResnetBlock names norm1/conv1/norm2/conv2 agree
}

struct Layout {
  int num_res_blocks = 1;
  int levels = 2;
  std::vector<bool> attention;  // per level
  int text_layers_kept = 0;     // OpenCLIP blocks written (SD 2.x: all but the last)
};

// UNet key (after model.diffusion_model.) -> diffusers unet key.
std::string unet_key(const std::string& k, const Layout& l) {
  std::smatch m;
  const int per = l.num_res_blocks + 1;
  if (k.rfind("input_blocks.0.0.", 0) == 0) return "conv_in." + k.substr(17);
  if (k.rfind("time_embed.0.", 0) == 0) return "time_embedding.linear_1." + k.substr(13);
  if (k.rfind("time_embed.2.", 0) == 0) return "time_embedding.linear_2." + k.substr(13);
  if (k.rfind("out.0.", 0) == 0) return "conv_norm_out." + k.substr(6);
  if (k.rfind("out.2.", 0) == 0) return "conv_out." + k.substr(6);
  if (std::regex_match(k, m, std::regex(R"(input_blocks\.(\d+)\.(\d)\.(.*))"))) {
    const int n = std::stoi(m[1]) - 1, level = n / per, r = n % per;
    const std::string blk = "down_blocks." + std::to_string(level) + ".";
    if (r == l.num_res_blocks) return blk + "downsamplers.0.conv." + m[3].str().substr(3);  // op.<w|b>
    if (m[2] == "0") return blk + "resnets." + std::to_string(r) + "." + resnet_name(m[3]);
    return blk + "attentions." + std::to_string(r) + "." + m[3].str();
  }
  if (std::regex_match(k, m, std::regex(R"(middle_block\.(\d)\.(.*))"))) {
    if (m[1] == "1") return "mid_block.attentions.0." + m[2].str();
    return std::string("mid_block.resnets.") + (m[1] == "0" ? "0." : "1.") + resnet_name(m[2]);
  }
  if (std::regex_match(k, m, std::regex(R"(output_blocks\.(\d+)\.(\d)\.(.*))"))) {
    const int n = std::stoi(m[1]), level = n / per, r = n % per;
    const std::string blk = "up_blocks." + std::to_string(level) + ".";
    const bool attn = l.attention[l.levels - 1 - level];
    if (m[2] == "0") return blk + "resnets." + std::to_string(r) + "." + resnet_name(m[3]);
    if (m[2] == "1" && attn) return blk + "attentions." + std::to_string(r) + "." + m[3].str();
    return blk + "upsamplers.0." + m[3].str();  // conv.<w|b>
  }
  return "UNMAPPED " + k;
}

// VAE key (after first_stage_model.) -> diffusers vae key. `legacy`: query/key/value/proj_attn.
std::string vae_key(const std::string& k, const Layout& l, bool legacy) {
  std::smatch m;
  if (std::regex_match(k, m, std::regex(R"((encoder|decoder)\.mid\.attn_1\.(\w+)\.(weight|bias))"))) {
    static const std::map<std::string, std::pair<std::string, std::string>> attn = {
        {"norm", {"group_norm", "group_norm"}}, {"q", {"to_q", "query"}}, {"k", {"to_k", "key"}},
        {"v", {"to_v", "value"}}, {"proj_out", {"to_out.0", "proj_attn"}}};
    const auto& names = attn.at(m[2]);
    return m[1].str() + ".mid_block.attentions.0." + (legacy ? names.second : names.first) + "." + m[3].str();
  }
  if (std::regex_match(k, m, std::regex(R"((encoder|decoder)\.mid\.block_(\d)\.(.*))"))) {
    return m[1].str() + ".mid_block.resnets." + (m[2] == "1" ? "0." : "1.") + resnet_name(m[3]);
  }
  if (std::regex_match(k, m, std::regex(R"(encoder\.down\.(\d+)\.block\.(\d+)\.(.*))"))) {
    return "encoder.down_blocks." + m[1].str() + ".resnets." + m[2].str() + "." + resnet_name(m[3]);
  }
  if (std::regex_match(k, m, std::regex(R"(encoder\.down\.(\d+)\.downsample\.(.*))"))) {
    return "encoder.down_blocks." + m[1].str() + ".downsamplers.0." + m[2].str();
  }
  // The diffusers decoder lists its up blocks from the lowest resolution.
  if (std::regex_match(k, m, std::regex(R"(decoder\.up\.(\d+)\.block\.(\d+)\.(.*))"))) {
    return "decoder.up_blocks." + std::to_string(l.levels - 1 - std::stoi(m[1])) + ".resnets." + m[2].str() + "." +
           resnet_name(m[3]);
  }
  if (std::regex_match(k, m, std::regex(R"(decoder\.up\.(\d+)\.upsample\.(.*))"))) {
    return "decoder.up_blocks." + std::to_string(l.levels - 1 - std::stoi(m[1])) + ".upsamplers.0." + m[2].str();
  }
  if (std::regex_match(k, m, std::regex(R"((encoder|decoder)\.norm_out\.(.*))"))) return m[1].str() + ".conv_norm_out." + m[2].str();
  return k;  // conv_in, conv_out, quant_conv, post_quant_conv
}

struct Written {
  std::string dir;
  std::set<std::string> not_written;  // CompVis keys a diffusers folder does not hold
};

void write_json(const std::string& path, const json& j) {
  std::ofstream(path) << j.dump(2) << "\n";
}

// Writes `fixture` as a diffusers folder under `dir`. SD 2.x: the text encoder keeps all but the
// last open_clip block (what diffusers' conversion of a penultimate-layer model does), weights are
// written as *.fp16.safetensors variants and the VAE attention uses the older query/key/value names.
Written write_diffusers(const std::string& fixture, const std::string& dir) {
  const json cfg = load_yaml_as_json(test::fixture_file(fixture, "config.yaml"));
  const json& p = cfg["model"]["params"];
  const json& u = p["unet_config"]["params"];
  const json& dd = p["first_stage_config"]["params"]["ddconfig"];
  const json& te = cfg["text_encoder"];
  const bool sd2 = te["kind"] == "open_clip_text";
  StateDict w = load_safetensors(test::fixture_file(fixture, "model.safetensors"));

  Layout l;
  l.num_res_blocks = u["num_res_blocks"].get<int>();
  l.levels = static_cast<int>(u["channel_mult"].size());
  std::vector<int64_t> boc;
  for (int i = 0; i < l.levels; ++i) {
    boc.push_back(u["model_channels"].get<int64_t>() * u["channel_mult"][i].get<int64_t>());
    bool a = false;
    for (const auto& r : u["attention_resolutions"]) a = a || r.get<int>() == (1 << i);
    l.attention.push_back(a);
  }
  l.text_layers_kept = te["layers"].get<int>() - (sd2 ? 1 : 0);

  Written out;
  out.dir = dir;
  StateDict unet, vae, text;
  auto put = [&](StateDict& d, const std::string& name, const at::Tensor& t) {
    QVERIFY2(!d.contains(name), ("written twice: " + name).c_str());
    d.set(name, t);
  };
  for (const auto& k : w.keys()) {
    const at::Tensor t = w.get(k, stored(w, k));
    if (is_schedule_buffer(k)) {
      out.not_written.insert(k);
    } else if (k.rfind("model.diffusion_model.", 0) == 0) {
      put(unet, unet_key(k.substr(22), l), t);
    } else if (k.rfind("first_stage_model.", 0) == 0) {
      const std::string name = vae_key(k.substr(18), l, sd2);
      const bool attn_proj = name.find("mid_block.attentions.0.") != std::string::npos && t.dim() == 4;
      put(vae, name, attn_proj ? t.flatten(1) : t);  // [C, C, 1, 1] -> Linear [C, C]
    } else if (!sd2) {
      put(text, k.substr(std::string("cond_stage_model.transformer.").size()), t);
    } else {
      const std::string r = k.substr(std::string("cond_stage_model.model.").size());
      std::smatch m;
      if (r == "token_embedding.weight") {
        put(text, "text_model.embeddings.token_embedding.weight", t);
      } else if (r == "positional_embedding") {
        put(text, "text_model.embeddings.position_embedding.weight", t);
      } else if (r.rfind("ln_final.", 0) == 0) {
        put(text, "text_model.final_layer_norm." + r.substr(9), t);
      } else if (std::regex_match(r, m, std::regex(R"(transformer\.resblocks\.(\d+)\.(.*))")) &&
                 std::stoi(m[1]) < l.text_layers_kept) {
        const std::string b = "text_model.encoder.layers." + m[1].str() + ".";
        const std::string s = m[2];
        if (s == "attn.in_proj_weight" || s == "attn.in_proj_bias") {
          const std::string wb = s == "attn.in_proj_weight" ? "weight" : "bias";
          auto qkv = t.chunk(3, 0);  // open_clip in_proj = [q; k; v]
          put(text, b + "self_attn.q_proj." + wb, qkv[0].contiguous());
          put(text, b + "self_attn.k_proj." + wb, qkv[1].contiguous());
          put(text, b + "self_attn.v_proj." + wb, qkv[2].contiguous());
        } else {
          static const std::map<std::string, std::string> names = {{"attn.out_proj.", "self_attn.out_proj."}, {"ln_1.", "layer_norm1."},
                                                                   {"ln_2.", "layer_norm2."}, {"mlp.c_fc.", "mlp.fc1."},
                                                                   {"mlp.c_proj.", "mlp.fc2."}};
          std::string name;
          for (const auto& [from, to] : names) {
            if (s.rfind(from, 0) == 0) name = to + s.substr(from.size());
          }
          put(text, b + (name.empty() ? "UNMAPPED " + s : name), t);
        }
      } else {
        out.not_written.insert(k);  // the dropped last block, text_projection, logit_scale
      }
    }
  }

  QDir().mkpath(QString::fromStdString(dir));
  for (const char* sub : {"unet", "vae", "text_encoder", "scheduler", "tokenizer"}) QDir(QString::fromStdString(dir)).mkdir(sub);
  const std::string variant = sd2 ? ".fp16" : "";
  save_safetensors(unet, dir + "/unet/diffusion_pytorch_model" + variant + ".safetensors");
  save_safetensors(vae, dir + "/vae/diffusion_pytorch_model" + variant + ".safetensors");
  save_safetensors(text, dir + "/text_encoder/model" + variant + ".safetensors");

  write_json(dir + "/model_index.json",
             {{"_class_name", "StableDiffusionPipeline"}, {"_diffusers_version", "0.21.4"},
              {"feature_extractor", {nullptr, nullptr}}, {"requires_safety_checker", false}, {"safety_checker", {nullptr, nullptr}},
              {"scheduler", {"diffusers", "PNDMScheduler"}}, {"text_encoder", {"transformers", "CLIPTextModel"}},
              {"tokenizer", {"transformers", "CLIPTokenizer"}}, {"unet", {"diffusers", "UNet2DConditionModel"}},
              {"vae", {"diffusers", "AutoencoderKL"}}});
  // attention_head_dim holds head counts: one (num_heads) or one per level (channels / num_head_channels).
  json heads;
  if (u.contains("num_heads")) {
    heads = u["num_heads"];
  } else {
    heads = json::array();
    for (int64_t c : boc) heads.push_back(c / u["num_head_channels"].get<int64_t>());
  }
  json down = json::array(), up = json::array();
  for (int i = 0; i < l.levels; ++i) {
    down.push_back(l.attention[i] ? "CrossAttnDownBlock2D" : "DownBlock2D");
    up.push_back(l.attention[l.levels - 1 - i] ? "CrossAttnUpBlock2D" : "UpBlock2D");
  }
  write_json(dir + "/unet/config.json",
             {{"_class_name", "UNet2DConditionModel"}, {"_diffusers_version", "0.21.4"}, {"act_fn", "silu"},
              {"attention_head_dim", heads}, {"block_out_channels", boc}, {"center_input_sample", false},
              {"cross_attention_dim", u["context_dim"]}, {"down_block_types", down}, {"downsample_padding", 1},
              {"dual_cross_attention", false}, {"flip_sin_to_cos", true}, {"freq_shift", 0},
              {"in_channels", u["in_channels"]}, {"layers_per_block", u["num_res_blocks"]}, {"mid_block_scale_factor", 1},
              {"norm_eps", 1e-05}, {"norm_num_groups", 32}, {"num_class_embeds", nullptr}, {"only_cross_attention", false},
              {"out_channels", u["out_channels"]}, {"sample_size", p["image_size"]}, {"up_block_types", up},
              {"upcast_attention", false}, {"use_linear_projection", u.value("use_linear_in_transformer", false)},
              {"class_embed_type", nullptr}});
  json vboc = json::array(), vdown = json::array(), vup = json::array();
  for (const auto& m : dd["ch_mult"]) {
    vboc.push_back(dd["ch"].get<int64_t>() * m.get<int64_t>());
    vdown.push_back("DownEncoderBlock2D");
    vup.push_back("UpDecoderBlock2D");
  }
  write_json(dir + "/vae/config.json",
             {{"_class_name", "AutoencoderKL"}, {"_diffusers_version", "0.21.4"}, {"act_fn", "silu"},
              {"block_out_channels", vboc}, {"down_block_types", vdown}, {"up_block_types", vup},
              {"in_channels", dd["in_channels"]}, {"out_channels", dd["out_ch"]},
              {"latent_channels", p["first_stage_config"]["params"]["embed_dim"]}, {"layers_per_block", dd["num_res_blocks"]},
              {"norm_num_groups", 32}, {"sample_size", 16}, {"scaling_factor", p["scale_factor"]}});
  const int64_t width = te["width"].get<int64_t>();
  write_json(dir + "/text_encoder/config.json",
             {{"architectures", {"CLIPTextModel"}}, {"model_type", "clip_text_model"}, {"torch_dtype", sd2 ? "float16" : "float32"},
              {"attention_dropout", 0.0}, {"bos_token_id", te["bos_token_id"]}, {"eos_token_id", te["eos_token_id"]},
              {"pad_token_id", te["pad_token_id"]}, {"hidden_act", sd2 ? "gelu" : te["hidden_act"].get<std::string>()},
              {"hidden_size", width}, {"initializer_factor", 1.0}, {"initializer_range", 0.02},
              {"intermediate_size", sd2 ? te["mlp_ratio"].get<int64_t>() * width : te["intermediate_size"].get<int64_t>()},
              {"layer_norm_eps", te["layer_norm_eps"]},
              {"max_position_embeddings", sd2 ? te["context_length"] : te["max_position_embeddings"]},
              {"num_attention_heads", te["heads"]}, {"num_hidden_layers", l.text_layers_kept},
              {"projection_dim", sd2 ? te["embed_dim"] : json(width)}, {"vocab_size", te["vocab_size"]}});
  write_json(dir + "/scheduler/scheduler_config.json",
             {{"_class_name", "PNDMScheduler"}, {"_diffusers_version", "0.21.4"}, {"beta_start", p["linear_start"]},
              {"beta_end", p["linear_end"]}, {"beta_schedule", "scaled_linear"}, {"num_train_timesteps", p["timesteps"]},
              {"prediction_type", p.value("parameterization", std::string("eps")) == "v" ? "v_prediction" : "epsilon"},
              {"set_alpha_to_one", false}, {"skip_prk_steps", true}, {"steps_offset", 1}, {"trained_betas", nullptr}});
  return out;
}

}  // namespace

class TestDiffusers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTrip_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("family");
    QTest::newRow("sd1 (fp32, to_q names)") << "sd1-tiny" << "sd1";
    QTest::newRow("sd2 (fp16 variant, query/key names, 1 text block dropped)") << "sd2-tiny" << "sd2";
  }
  void roundTrip() {
    QFETCH(QString, fixture);
    QFETCH(QString, family);
    const std::string name = fixture.toStdString();
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/" + name;
    const Written written = write_diffusers(name, dir);
    if (QTest::currentTestFailed()) return;
    QVERIFY(is_diffusers_folder(dir));
    QVERIFY(!is_diffusers_folder(test::fixture_dir(name)));

    const DiffusersModel dm = load_diffusers_folder(dir);
    const StateDict fx = load_safetensors(test::fixture_file(name, "model.safetensors"));
    // Every tensor the folder holds comes back under its CompVis name, same dtype, same bits.
    int compared = 0;
    for (const auto& k : fx.keys()) {
      if (written.not_written.count(k)) continue;
      QVERIFY2(dm.weights.contains(k), ("missing after loading: " + k).c_str());
      QVERIFY2(dm.weights.info(k).dtype == fx.info(k).dtype, ("dtype differs: " + k).c_str());
      QVERIFY2(dm.weights.info(k).shape == fx.info(k).shape, ("shape differs: " + k).c_str());
      QVERIFY2(torch::equal(dm.weights.get(k, stored(fx, k)), fx.get(k, stored(fx, k))), ("values differ: " + k).c_str());
      ++compared;
    }
    // Nothing else, except the two OpenCLIP tensors a CLIPTextModel does not hold (SD 2.x).
    std::set<std::string> extra;
    for (const auto& k : dm.weights.keys()) {
      if (!fx.contains(k) || written.not_written.count(k)) extra.insert(k);
    }
    const std::set<std::string> expected_extra =
        family == "sd2" ? std::set<std::string>{"cond_stage_model.model.logit_scale", "cond_stage_model.model.text_projection"}
                        : std::set<std::string>{};
    QCOMPARE(extra, expected_extra);
    qInfo("%s: %d of %zu fixture tensors compared bit-exact; not in a diffusers folder: %zu (schedule buffers%s)",
          name.c_str(), compared, fx.size(), written.not_written.size(),
          family == "sd2" ? ", the last OpenCLIP block, text_projection, logit_scale" : "");
    QCOMPARE(compared + written.not_written.size(), fx.size());

    // The config equals the fixture's config.yaml on every field the model is built from.
    const json cfg = load_yaml_as_json(test::fixture_file(name, "config.yaml"));
    const json& p = cfg["model"]["params"];
    const json& q = dm.config["model"]["params"];
    for (const char* k : {"linear_start", "linear_end", "timesteps", "scale_factor", "channels", "image_size", "conditioning_key", "use_ema"}) {
      QVERIFY2(p[k] == q[k], (std::string(k) + ": yaml " + p[k].dump() + " loaded " + q[k].dump()).c_str());
    }
    QCOMPARE(q.value("parameterization", "eps"), p.value("parameterization", "eps"));
    const json& u = p["unet_config"]["params"];
    const json& du = q["unet_config"]["params"];
    QCOMPARE(q["unet_config"]["target"], p["unet_config"]["target"]);
    for (const char* k : {"in_channels", "out_channels", "model_channels", "num_res_blocks", "channel_mult", "attention_resolutions",
                          "context_dim", "transformer_depth", "use_spatial_transformer", "legacy"}) {
      QVERIFY2(u[k] == du[k], (std::string(k) + ": yaml " + u[k].dump() + " loaded " + du[k].dump()).c_str());
    }
    QCOMPARE(du.value("use_linear_in_transformer", false), u.value("use_linear_in_transformer", false));
    // Heads: diffusers stores head counts (attention_head_dim). One count maps to num_heads and a
    // per-level list of constant width to num_head_channels, which is what both fixtures use; a
    // config with num_heads equal on all levels would come back as the same num_heads.
    QCOMPARE(du.value("num_heads", json()), u.value("num_heads", json()));
    QCOMPARE(du.value("num_head_channels", json()), u.value("num_head_channels", json()));
    const json& f = p["first_stage_config"];
    const json& df = q["first_stage_config"];
    QCOMPARE(df["target"], f["target"]);
    QCOMPARE(df["params"]["embed_dim"], f["params"]["embed_dim"]);
    for (const char* k : {"double_z", "z_channels", "resolution", "in_channels", "out_ch", "ch", "ch_mult", "num_res_blocks",
                          "attn_resolutions", "dropout"}) {
      QVERIFY2(f["params"]["ddconfig"][k] == df["params"]["ddconfig"][k], k);
    }
    QCOMPARE(q["cond_stage_config"]["target"], p["cond_stage_config"]["target"]);
    for (const char* k : {"vocab_size", "width", "heads", "layer_norm_eps"}) {
      QVERIFY2(cfg["text_encoder"][k] == dm.config["text_encoder"][k], k);
    }
    if (family == "sd2") {
      // The fixture takes the penultimate of 3 blocks; the folder holds 2 blocks, used to the last.
      QCOMPARE(p["cond_stage_config"]["params"]["layer"], json("penultimate"));
      QCOMPARE(q["cond_stage_config"]["params"]["layer"], json("last"));
      QCOMPARE(dm.config["text_encoder"]["layers"], json(cfg["text_encoder"]["layers"].get<int>() - 1));
    } else {
      QCOMPARE(dm.config["text_encoder"]["layers"], cfg["text_encoder"]["layers"]);
      QCOMPARE(dm.config["text_encoder"]["hidden_act"], cfg["text_encoder"]["hidden_act"]);
    }

    // The text encoder built from the converted config and weights reproduces the fixture's
    // reference output (atol 1e-4 + rtol 1e-4, the fixture README's tolerance).
    auto encoder = make_condition_encoder(q["cond_stage_config"], dm.config["text_encoder"]);
    encoder->load(dm.weights.select("cond_stage_model."));
    const StateDict ref = test::reference(name);
    at::Tensor out;
    {
      torch::NoGradGuard no_grad;
      out = encoder->encode(ref.get("tokens"));
    }
    const auto c = test::close_to(out, ref.get("text_out"), 1e-4, 1e-4);
    qInfo("%s: text_out from the diffusers folder, max |diff| %.3g vs reference", name.c_str(), c.max_abs);
    LDM_COMPARE_CLOSE(out, ref.get("text_out"), 1e-4, 1e-4);

    // open_model: the same detection and contradiction checks as for a checkpoint.
    const LoadedModel m = open_model(dir);
    QCOMPARE(QString::fromStdString(m.desc.family), family);
    QCOMPARE(QString::fromStdString(m.desc.config_source), QString::fromStdString("diffusers folder " + dir));
    QCOMPARE(QString::fromStdString(m.desc.parameterization), QString(family == "sd2" ? "v" : "eps"));
    QCOMPARE(QString::fromStdString(m.desc.conditioning_key), QString("crossattn"));
    QCOMPARE(m.desc.parameters.at("unet"), fx.parameter_count("model.diffusion_model."));
    QCOMPARE(m.desc.parameters.at("first_stage"), fx.parameter_count("first_stage_model."));
  }

  void brokenFolders() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/sd1";
    write_diffusers("sd1-tiny", dir);
    auto one_line_error = [](const std::string& folder, const std::string& must_contain) {
      try {
        open_model(folder);
      } catch (const LoadError& e) {
        const std::string msg = e.what();
        qInfo("%s", msg.c_str());
        QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
        QVERIFY2(msg.find(must_contain) != std::string::npos, msg.c_str());
        return;
      }
      QFAIL("no LoadError");
    };
    const std::string unet = dir + "/unet/diffusion_pytorch_model.safetensors";
    StateDict w = load_safetensors(unet);
    // A renamed key: both the now missing and the unknown name are errors naming the file.
    const std::string key = "down_blocks.0.resnets.0.conv1.weight";
    {
      StateDict renamed;
      for (const auto& k : w.keys()) renamed.set(k == key ? "down_blocks.0.resnets.0.conv_1.weight" : k, w.get(k));
      QFile::remove(QString::fromStdString(unet));
      save_safetensors(renamed, unet);
    }
    one_line_error(dir, "'" + key + "'");
    one_line_error(dir, unet);
    {
      StateDict extra;
      for (const auto& k : w.keys()) extra.set(k, w.get(k));
      extra.set("down_blocks.0.resnets.0.conv1.lora.weight", torch::zeros({2}));
      QFile::remove(QString::fromStdString(unet));
      save_safetensors(extra, unet);
    }
    one_line_error(dir, "unexpected key 'down_blocks.0.resnets.0.conv1.lora.weight'");
    // No unet weights at all.
    QFile::remove(QString::fromStdString(unet));
    one_line_error(dir, dir + "/unet has no diffusion_pytorch_model.safetensors");
    // A folder without model_index.json.
    QVERIFY_THROWS_EXCEPTION(LoadError, load_diffusers_folder(test::fixture_dir("sd1-tiny")));
  }

  // Found by tests/fuzz/fuzz_diffusers (corpus: tests/fuzz/corpus/diffusers/regress_*): a unet/config.json
  // claiming 10^8 transformer layers (or 2*10^9 resnets per level, or 10^5 levels) made the key table
  // take minutes and gigabytes before any weight was read. Now a one-line LoadError, at once.
  void hugeUnetConfigRefused_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("value");
    QTest::newRow("transformer_layers_per_block") << "transformer_layers_per_block" << 100000000;
    QTest::newRow("layers_per_block") << "layers_per_block" << 2000000000;
    QTest::newRow("levels") << "block_out_channels" << 100000;
    QTest::newRow("negative layers") << "layers_per_block" << -1;
  }
  void hugeUnetConfigRefused() {
    QFETCH(QString, key);
    QFETCH(int, value);
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/sd1";
    write_diffusers("sd1-tiny", dir);
    const std::string cfg_file = dir + "/unet/config.json";
    json cfg;
    std::ifstream(cfg_file) >> cfg;
    if (key == "block_out_channels") {
      cfg["block_out_channels"] = std::vector<int64_t>(static_cast<size_t>(value), 32);
      cfg["down_block_types"] = std::vector<std::string>(static_cast<size_t>(value), "DownBlock2D");
      cfg["up_block_types"] = std::vector<std::string>(static_cast<size_t>(value), "UpBlock2D");
    } else {
      cfg[key.toStdString()] = value;
    }
    write_json(cfg_file, cfg);
    QElapsedTimer t;
    t.start();
    try {
      load_diffusers_folder(dir);
      QFAIL("no LoadError");
    } catch (const LoadError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find(cfg_file) != std::string::npos && msg.find('\n') == std::string::npos, msg.c_str());
    }
    QVERIFY2(t.elapsed() < 5000, "took too long");
  }
  // Fields of the wrong JSON kind are LoadErrors naming the file. fuzz_diffusers found the first: a
  // model_index.json whose _class_name is a list escaped as nlohmann's type_error and ended the program.
  void wrongFieldKindsRefused_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");  // JSON
    QTest::newRow("_class_name list") << "model_index.json" << "_class_name" << R"(["d 32, 3"])";
    QTest::newRow("mid_block_type number") << "unet/config.json" << "mid_block_type" << "3";
    QTest::newRow("use_linear_projection string") << "unet/config.json" << "use_linear_projection" << R"("yes")";
    QTest::newRow("hidden_act object") << "text_encoder/config.json" << "hidden_act" << R"({"a": 1})";
    QTest::newRow("beta_schedule number") << "scheduler/scheduler_config.json" << "beta_schedule" << "1";
    QTest::newRow("prediction_type list") << "scheduler/scheduler_config.json" << "prediction_type" << "[]";
    QTest::newRow("num_train_timesteps 1e300") << "scheduler/scheduler_config.json" << "num_train_timesteps" << "1e300";
    QTest::newRow("num_train_timesteps 0") << "scheduler/scheduler_config.json" << "num_train_timesteps" << "0";
  }
  void wrongFieldKindsRefused() {
    QFETCH(QString, file);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString() + "/sd1";
    write_diffusers("sd1-tiny", dir);
    const std::string path = dir + "/" + file.toStdString();
    json cfg;
    std::ifstream(path) >> cfg;
    cfg[key.toStdString()] = json::parse(value.toStdString());
    write_json(path, cfg);
    try {
      load_diffusers_folder(dir);
      QFAIL("no LoadError");
    } catch (const LoadError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find(path) != std::string::npos && msg.find(key.toStdString()) != std::string::npos, msg.c_str());
    }
  }
  // The LoRA key table from a CompVis config: channel_mult of 100 levels shifted 1 << 99 (undefined).
  void weightNamesRefuseHugeUnet() {
    json p = {{"model_channels", 32}, {"channel_mult", std::vector<int64_t>(100, 1)}, {"attention_resolutions", {1}}};
    QVERIFY_THROWS_EXCEPTION(LoadError, stable_diffusion_weight_names(p, 1, false));
    p["channel_mult"] = {1, 2};
    p["model_channels"] = int64_t(1) << 40;
    QVERIFY_THROWS_EXCEPTION(LoadError, stable_diffusion_weight_names(p, 1, false));
  }
};

LDM_TEST_MAIN(TestDiffusers)
#include "test_diffusers.moc"
