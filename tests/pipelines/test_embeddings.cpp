// Textual-inversion embeddings (core/pipelines/embeddings.h) on the sd1-tiny (CLIP) and sd2-tiny
// (OpenCLIP) fixtures. Embedding files are written here (safetensors) or were written by torch.save
// (tests/data/embeddings, README there). Expected conditionings come from the model without any
// embedding (the words whose token embeddings the file holds), or from token embeddings spliced by hand
// and run through the encoder's layers (encode_embeddings) - never from the code that places them.
#include <torch/torch.h>

#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>

#include "core/api/engine.h"
#include "core/error.h"
#include "core/imaging/png_metadata.h"
#include "core/io/safetensors.h"
#include "core/io/sha256.h"
#include "core/io/yaml_json.h"
#include "core/models/text_encoder.h"
#include "core/pipelines/embeddings.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/lora.h"
#include "core/pipelines/pipelines.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_weighting.h"
#include "core/text/tokenizer.h"
#include "support/fixtures.h"
#include "support/requests.h"
#include "support/test_main.h"

using namespace ldm;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  std::shared_ptr<LatentDiffusion> model;
  std::shared_ptr<const Tokenizer> tokenizer;
};

Fixture load_fixture(const std::string& name) {
  Fixture f;
  f.model = LatentDiffusion::load(load_yaml_as_json(test::fixture_file(name, "config.yaml")),
                                  load_safetensors(test::fixture_file(name, "model.safetensors")));
  f.tokenizer = tokenizer_for(*f.model);
  return f;
}

// The text encoder's token-embedding table [vocab, C].
at::Tensor token_table(LatentDiffusion& m) {
  for (const auto& p : m.cond_stage()->named_parameters())
    if (p.key().size() >= 22 && p.key().compare(p.key().size() - 22, 22, "token_embedding.weight") == 0)
      return p.value().detach();
  throw std::runtime_error("no token_embedding.weight");
}

void write_safetensors(const std::string& path, const std::map<std::string, at::Tensor>& tensors) {
  StateDict sd;
  for (const auto& [k, v] : tensors) sd.set(k, v.contiguous());
  save_safetensors(sd, path, true);
}

double max_diff(const at::Tensor& a, const at::Tensor& b) {
  if (a.sizes() != b.sizes()) return 1e30;
  return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// The torch.save fixtures' vectors (tests/data/embeddings/README.md).
at::Tensor fixture_vectors() { return ((torch::arange(96, torch::kFloat) - 40) / 64).reshape({3, 32}); }

}  // namespace

class EmbeddingsTest : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::string file(const std::string& name) const { return (fs::path(dir_.path().toStdString()) / name).string(); }

  // A library holding the given files (name = stem), set on the model.
  std::shared_ptr<EmbeddingLibrary> use(Fixture& f, const std::vector<std::string>& paths) {
    auto lib = std::make_shared<EmbeddingLibrary>(f.model->cond_stage()->context_dim());
    std::vector<EmbeddingFile> files;
    for (const auto& p : paths) files.push_back({fs::path(p).stem().string(), p});
    lib->set_files(files);
    f.model->set_embeddings(lib);
    return lib;
  }

  at::Tensor encode(Fixture& f, const std::string& prompt) {
    torch::NoGradGuard no_grad;
    return encode_prompts(*f.model, *f.tokenizer, {prompt}, nullptr);
  }

 private Q_SLOTS:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  // (a) An embedding of the token embeddings of some words gives exactly the conditioning of the words,
  // also weighted (one weight for all its vectors) and in the negative prompt's way (encode_prompt_pair).
  void vectorsOfWordsGiveTheWords_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("sd1") << "sd1-tiny";
    QTest::newRow("sd2") << "sd2-tiny";
  }
  void vectorsOfWordsGiveTheWords() {
    QFETCH(QString, fixture);
    Fixture f = load_fixture(fixture.toStdString());
    const std::vector<int64_t> ids = f.tokenizer->tokenize("red cat");
    QCOMPARE(ids.size(), size_t{2});
    const at::Tensor vectors = token_table(*f.model).index_select(0, torch::tensor(ids)).clone();  // [2, C]
    const std::string path = file("kitty-" + fixture.toStdString() + ".safetensors");
    write_safetensors(path, {{"emb_params", vectors}});
    const std::string name = fs::path(path).stem().string();
    f.model->set_embeddings(nullptr);
    const at::Tensor plain = encode(f, "a photo of red cat on grass");
    const at::Tensor weighted = encode(f, "a photo of (red cat:1.3) on [grass]");
    auto lib = use(f, {path});
    const at::Tensor with = encode(f, "a photo of " + name + " on grass");
    const at::Tensor with_weight = encode(f, "a photo of (" + name + ":1.3) on [grass]");
    const double d1 = max_diff(with, plain), d2 = max_diff(with_weight, weighted);
    qInfo("%s: embedding vs words %.3g, weighted %.3g", qPrintable(fixture), d1, d2);
    QVERIFY(d1 <= 1e-6);
    QVERIFY(d2 <= 1e-6);
    QVERIFY(max_diff(with, weighted) > 1e-3);  // the weights did something
    QCOMPARE(lib->used().size(), size_t{1});
    // A prompt that does not name it is not touched, and a name inside a longer word is no match.
    const at::Tensor unnamed = encode(f, "a photo of grass");
    f.model->set_embeddings(nullptr);
    QCOMPARE(max_diff(unnamed, encode(f, "a photo of grass")), 0.0);
  }

  // (b) Three vectors: the chunk holds [BOS, v1, v2, v3, cat, EOS, ...] and the conditioning is that of
  // the hand-spliced token embeddings; positions 1..3 differ from a one-token word's, "cat" sits 2
  // positions later than after that word.
  void threeVectorsShiftThePrompt_data() { vectorsOfWordsGiveTheWords_data(); }
  void threeVectorsShiftThePrompt() {
    QFETCH(QString, fixture);
    Fixture f = load_fixture(fixture.toStdString());
    torch::manual_seed(7);
    const int64_t C = f.model->cond_stage()->context_dim();
    const at::Tensor vectors = torch::randn({3, C}) * 0.05;
    const std::string path = file("trio-" + fixture.toStdString() + ".safetensors");
    write_safetensors(path, {{"emb_params", vectors}});
    auto lib = use(f, {path});
    const std::string name = fs::path(path).stem().string();
    const auto list = lib->prepare(*f.tokenizer, {name + " cat"});
    const WeightedPrompt w = chunk_weighted_prompt(*f.tokenizer, name + " cat", list);
    const auto* clip = dynamic_cast<const ClipTokenizer*>(f.tokenizer.get());
    const int64_t cat = f.tokenizer->tokenize("cat").at(0), dog = f.tokenizer->tokenize("dog").at(0);
    QCOMPARE(w.chunks.size(), size_t{1});
    QCOMPARE(w.chunks[0].fixes.size(), size_t{1});
    QCOMPARE(w.chunks[0].fixes[0].offset, size_t{1});
    QCOMPARE(w.chunks[0].tokens[4], cat);
    QCOMPARE(w.chunks[0].tokens[5], clip->eot_id());
    QCOMPARE(w.token_count, int64_t{4});

    const at::Tensor got = encode(f, name + " cat");  // [1, 77, C]
    // By hand: the ids [BOS, 0, 0, 0, cat, EOS, pad...], their token embeddings, rows 1..3 replaced.
    std::vector<int64_t> ids(77, clip->pad_id());
    ids[0] = clip->sot_id();
    ids[1] = ids[2] = ids[3] = 0;
    ids[4] = cat;
    ids[5] = clip->eot_id();
    at::Tensor e = token_table(*f.model).index_select(0, torch::tensor(ids)).clone();  // [77, C]
    e = torch::cat({e.narrow(0, 0, 1), vectors, e.narrow(0, 4, 73)}, 0).unsqueeze(0);  // [1, 77, C]
    at::Tensor manual;
    {
      torch::NoGradGuard no_grad;
      manual = f.model->cond_stage()->encode_embeddings(e, 0).to(torch::kFloat);
    }
    f.model->set_embeddings(nullptr);
    const at::Tensor one_word = encode(f, "dog cat");
    const double d = max_diff(got, manual);
    const double d_bos = max_diff(got.narrow(1, 0, 1), one_word.narrow(1, 0, 1));
    qInfo("%s: pipeline vs hand-spliced %.3g; BOS vs the one-word prompt %.3g; positions 1, 2, 3 vs it: %.3g %.3g %.3g",
          qPrintable(fixture), d, d_bos, max_diff(got[0][1], one_word[0][1]), max_diff(got[0][2], one_word[0][2]),
          max_diff(got[0][3], one_word[0][3]));
    QVERIFY(d <= 1e-6);
    QVERIFY(d_bos <= 1e-6);  // causal: the BOS sees nothing of the prompt
    for (int p = 1; p <= 3; ++p) QVERIFY(max_diff(got[0][p], one_word[0][p]) > 1e-3);
    QCOMPARE(chunk_weighted_prompt(*f.tokenizer, "dog cat").chunks[0].tokens[1], dog);
  }

  // (c) The A1111 .pt (torch.save), the same vectors as .safetensors, and the diffusers .bin (its one
  // vector) give identical conditionings; the .pt's other keys ('name', 'step', ...) are ignored.
  void formatsAgree() {
    Fixture f = load_fixture("sd1-tiny");
    const std::string pt = test::fixture_file("embeddings", "tiny-ti.pt");
    const std::string bin = test::fixture_file("embeddings", "tiny-concept.bin");
    const TextualInversion t = load_embedding(pt, "tiny-ti");
    QCOMPARE(max_diff(t.vectors, fixture_vectors()), 0.0);
    QCOMPARE(QString::fromStdString(t.sha256), QString::fromStdString(sha256_of_file(pt)));
    QCOMPARE(max_diff(load_embedding(bin, "tiny-concept").vectors, fixture_vectors().narrow(0, 1, 1)), 0.0);

    fs::create_directories(file("st"));
    const std::string st_named = file("st/tiny-ti.safetensors");
    write_safetensors(st_named, {{"emb_params", fixture_vectors()}});
    use(f, {pt});
    const at::Tensor from_pt = encode(f, "a (tiny-ti:1.1) house");
    use(f, {st_named});
    const at::Tensor from_st = encode(f, "a (tiny-ti:1.1) house");
    const double d = max_diff(from_pt, from_st);
    // One vector: the .bin's equals a one-vector safetensors of row 1.
    const std::string st_one = file("st/tiny-concept.safetensors");
    write_safetensors(st_one, {{"emb_params", fixture_vectors().narrow(0, 1, 1).clone()}});
    use(f, {bin});
    const at::Tensor from_bin = encode(f, "tiny-concept house");
    use(f, {st_one});
    const at::Tensor from_st_one = encode(f, "tiny-concept house");
    qInfo(".pt vs .safetensors %.3g, .bin vs .safetensors %.3g", d, max_diff(from_bin, from_st_one));
    QCOMPARE(d, 0.0);
    QCOMPARE(max_diff(from_bin, from_st_one), 0.0);
    f.model->set_embeddings(nullptr);
    QVERIFY(max_diff(encode(f, "a (tiny-ti:1.1) house"), from_pt) > 1e-3);
  }

  // (d) Another width: one error naming the file and both widths, nothing applied; SDXL files and files
  // of several tensors are refused.
  void wrongFilesRefused() {
    Fixture f = load_fixture("sd2-tiny");
    const std::string wide = file("wide.safetensors");
    write_safetensors(wide, {{"emb_params", torch::zeros({2, 768})}});
    auto lib = use(f, {wide});
    QString message;
    try {
      encode(f, "a wide house");
      QFAIL("an embedding of 768 values was accepted by a 32-wide text encoder");
    } catch (const LoadError& e) {
      message = e.what();
    }
    qInfo("%s", qPrintable(message));
    QVERIFY(message.contains(QString::fromStdString(wide)));
    QVERIFY(message.contains("768"));
    QVERIFY(message.contains("32"));
    QVERIFY(lib->used().empty());
    // The file is only read when a prompt names it.
    const at::Tensor unnamed = encode(f, "a house");
    f.model->set_embeddings(nullptr);
    QCOMPARE(max_diff(unnamed, encode(f, "a house")), 0.0);
    f.model->set_embeddings(lib);

    const std::string sdxl = file("xl.safetensors");
    write_safetensors(sdxl, {{"clip_l", torch::zeros({1, 768})}, {"clip_g", torch::zeros({1, 1280})}});
    try {
      load_embedding(sdxl, "xl");
      QFAIL("an SDXL embedding was accepted");
    } catch (const LoadError& e) {
      QVERIFY(QString(e.what()).contains("SDXL"));
    }
    const std::string two = file("two.safetensors");
    write_safetensors(two, {{"a", torch::zeros({1, 32})}, {"b", torch::zeros({1, 32})}});
    QVERIFY_THROWS_EXCEPTION(LoadError, load_embedding(two, "two"));
    f.model->set_embeddings(nullptr);
  }

  // (e) 74 tokens and a 3-vector embedding: the embedding does not fit (74 + 3 > 75) and starts chunk 2;
  // chunk 1 is the 74 tokens alone. The second chunk's conditioning is the hand-spliced one.
  void embeddingNeverStraddlesChunks_data() { vectorsOfWordsGiveTheWords_data(); }
  void embeddingNeverStraddlesChunks() {
    QFETCH(QString, fixture);
    Fixture f = load_fixture(fixture.toStdString());
    const std::string path = file("tri-" + fixture.toStdString() + ".safetensors");
    write_safetensors(path, {{"emb_params", fixture_vectors()}});
    auto lib = use(f, {path});
    const std::string name = fs::path(path).stem().string();
    std::string prompt;
    for (int i = 0; i < 74; ++i) prompt += "a ";
    QCOMPARE(f.tokenizer->tokenize(prompt).size(), size_t{74});
    prompt += name;
    const auto list = lib->prepare(*f.tokenizer, {prompt});
    const WeightedPrompt w = chunk_weighted_prompt(*f.tokenizer, prompt, list);
    const auto* clip = dynamic_cast<const ClipTokenizer*>(f.tokenizer.get());
    QCOMPARE(w.chunks.size(), size_t{2});
    QVERIFY(w.chunks[0].fixes.empty());
    QCOMPARE(w.chunks[0].tokens[74], f.tokenizer->tokenize("a").at(0));
    QCOMPARE(w.chunks[0].tokens[75], clip->eot_id());
    QCOMPARE(w.chunks[1].fixes.size(), size_t{1});
    QCOMPARE(w.chunks[1].fixes[0].offset, size_t{1});
    QCOMPARE(w.chunks[1].tokens[4], clip->eot_id());
    // With 72 tokens it fits into the first chunk.
    std::string shorter;
    for (int i = 0; i < 72; ++i) shorter += "a ";
    QCOMPARE(chunk_weighted_prompt(*f.tokenizer, shorter + name, list).chunks.size(), size_t{1});

    const at::Tensor got = encode(f, prompt);  // [1, 154, C]
    QCOMPARE(got.size(1), int64_t{154});
    std::vector<int64_t> ids(77, clip->pad_id());
    ids[0] = clip->sot_id();
    ids[4] = clip->eot_id();
    at::Tensor e = token_table(*f.model).index_select(0, torch::tensor(ids)).clone();
    e = torch::cat({e.narrow(0, 0, 1), fixture_vectors(), e.narrow(0, 4, 73)}, 0).unsqueeze(0);
    at::Tensor manual;
    {
      torch::NoGradGuard no_grad;
      manual = f.model->cond_stage()->encode_embeddings(e, 0).to(torch::kFloat);
    }
    f.model->set_embeddings(nullptr);
    const at::Tensor first = encode(f, prompt.substr(0, prompt.size() - name.size()));  // the 74 tokens alone
    const double d2 = max_diff(got.narrow(1, 77, 77), manual), d1 = max_diff(got.narrow(1, 0, 77), first);
    qInfo("%s: chunk 1 vs the 74 tokens %.3g, chunk 2 vs hand-spliced %.3g (largest value %.3g)", qPrintable(fixture), d1,
          d2, got.abs().max().item<double>());
    // A float32 step at the outputs' size (up to 3) is 2.4e-7: the two paths differ by a few roundings
    // (other batches, other memory: 1.07e-6 measured); a vector in the wrong chunk or place differs by ~1.
    QVERIFY(d1 <= 1e-5);
    QVERIFY(d2 <= 1e-5);
  }

  // Names are looked up in the folders (LDM_EMBEDDINGS_PATH first); the engine records what it used
  // ("TI hashes") and the LoRAs it merged ("Lora hashes"), and warns about a --embedding never named.
  void engineFindsAndRecords() {
    const std::string folder = file("emb-folder");
    fs::create_directories(folder + "/sub");
    fs::copy_file(test::fixture_file("embeddings", "tiny-ti.pt"), folder + "/sub/tiny-ti.pt",
                  fs::copy_options::overwrite_existing);
    qputenv("LDM_EMBEDDINGS_PATH", QByteArray::fromStdString(folder));
    const auto found = find_embeddings("");
    QVERIFY(std::any_of(found.begin(), found.end(), [](const EmbeddingFile& e) { return e.name == "tiny-ti"; }));
    QCOMPARE(QString::fromStdString(embedding_folders("/m").front()), QString::fromStdString(folder));
    QCOMPARE(QString::fromStdString(embedding_folders("/m").back()), QString("/m/embeddings"));

    Engine engine;
    GenerationRequest r = test::sd1_tiny_request(64, 64, 2, 5);
    const GenerationResult plain = engine.run(r);
    QVERIFY(plain.request.ti_hashes.empty());
    GenerationRequest named = r;
    named.prompt = "a tiny-ti circle";
    named.negative_prompt = "blurry";
    const GenerationResult with = engine.run(named);
    QCOMPARE(with.request.ti_hashes.size(), size_t{1});
    QCOMPARE(QString::fromStdString(with.request.ti_hashes[0].name), QString("tiny-ti"));
    QCOMPARE(QString::fromStdString(with.request.ti_hashes[0].hash),
             QString::fromStdString(sha256_of_file(folder + "/sub/tiny-ti.pt").substr(0, 10)));
    const std::string params = generation_metadata(with.request).at(0).text;
    QVERIFY2(params.find("TI hashes: \"tiny-ti: " + with.request.ti_hashes[0].hash + "\"") != std::string::npos,
             params.c_str());
    // --embedding with a file that the prompt does not name: a warning, the picture unchanged.
    GenerationRequest unused = r;
    const std::string other = file("other-ti.safetensors");
    write_safetensors(other, {{"emb_params", fixture_vectors()}});
    unused.embeddings = {other};
    const GenerationResult u = engine.run(unused);
    QVERIFY(u.images.at(0).pixels == plain.images.at(0).pixels);
    QVERIFY(std::any_of(u.warnings.begin(), u.warnings.end(),
                        [](const std::string& w) { return w.find("other-ti") != std::string::npos; }));
    GenerationRequest in_negative = unused;
    in_negative.negative_prompt = "other-ti";
    QCOMPARE(engine.run(in_negative).request.ti_hashes.size(), size_t{1});
    qunsetenv("LDM_EMBEDDINGS_PATH");
  }

  // (f) A1111's "TI hashes" and "Lora hashes" are written and read back; the LoRA hash is kohya's
  // addnet hash (the SHA-256 of a .safetensors file's bytes after its header), 12 digits.
  void pngRoundTrip() {
    GenerationRequest r;
    r.prompt = "a tiny-ti house <lora:style:0.8>";
    r.steps = 20;
    r.sampler = "euler_a";
    r.cfg_scale = 7;
    r.seed = 1;
    r.width = r.height = 64;
    r.ti_hashes = {{"tiny-ti", "445bf9df15"}, {"other", "0123456789"}};
    r.lora_hashes = {{"style", "a1b2c3d4e5f6"}};
    const std::string text = format_parameters(r, "sd1-tiny");
    QVERIFY2(text.find("Lora hashes: \"style: a1b2c3d4e5f6\"") != std::string::npos, text.c_str());
    QVERIFY2(text.find("TI hashes: \"tiny-ti: 445bf9df15, other: 0123456789\"") != std::string::npos, text.c_str());
    const ParsedParameters p = parse_parameters(text);
    QVERIFY(p.request.ti_hashes == r.ti_hashes);
    QVERIFY(p.request.lora_hashes == r.lora_hashes);
    // As the web UI writes it.
    const ParsedParameters a = parse_parameters(
        "masterpiece, EasyNegative\nNegative prompt: bad-hands-5\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, "
        "CFG scale: 7, Seed: 42, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, "
        "Lora hashes: \"add_detail: 7c6bad76eb54, more_details: 3b8aa1d351ef\", "
        "TI hashes: \"EasyNegative: c74b4e810b03, bad-hands-5: aa7651be15\", Version: v1.9.4");
    QCOMPARE(a.request.ti_hashes.size(), size_t{2});
    QCOMPARE(QString::fromStdString(a.request.ti_hashes[1].name), QString("bad-hands-5"));
    QCOMPARE(QString::fromStdString(a.request.ti_hashes[1].hash), QString("aa7651be15"));
    QCOMPARE(a.request.lora_hashes.size(), size_t{2});
    QCOMPARE(QString::fromStdString(a.request.lora_hashes[0].hash), QString("7c6bad76eb54"));
    // The request JSON keeps them too (ldm-request), embeddings by file name only.
    r.embeddings = {"/home/someone/secret/tiny-ti.pt"};
    const auto texts = generation_metadata(r);
    const GenerationRequest back = GenerationRequest::from_json(nlohmann::json::parse(texts.at(1).text));
    QVERIFY(back.ti_hashes == r.ti_hashes);
    QVERIFY(back.lora_hashes == r.lora_hashes);
    QCOMPARE(back.embeddings.size(), size_t{1});
    QCOMPARE(QString::fromStdString(back.embeddings[0]), QString("tiny-ti.pt"));

    // addnet hash: SHA-256 of the bytes after the 8-byte length and the JSON header.
    const std::string lora = file("style.safetensors");
    write_safetensors(lora, {{"lora_unet_x.alpha", torch::ones({1})}});
    std::ifstream in(lora, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[static_cast<size_t>(i)]);
    Sha256 sha;
    sha.update(bytes.data() + 8 + n, bytes.size() - 8 - n);
    QCOMPARE(QString::fromStdString(lora_short_hash(lora)), QString::fromStdString(sha.hex_digest().substr(0, 12)));
  }
};

LDM_TEST_MAIN(EmbeddingsTest)
#include "test_embeddings.moc"
