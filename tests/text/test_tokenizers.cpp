// Tokenizers: exact token ids of the reference fixtures (sd1-tiny: HF CLIPTokenizer with real
// ftfy 6.3; sd2-tiny: open_clip.tokenize; ldm-txt2img-tiny: google-research/bert FullTokenizer),
// text clean-up against values of Python's own html/unicodedata modules and ftfy's documented
// examples, and robustness (invalid UTF-8, empty and huge prompts).
#include <algorithm>
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/runtime/resources.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/text_cleaning.h"
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"
#include "core/text/wordpiece_tokenizer.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

nlohmann::json reference_json(const std::string& fixture) {
  std::ifstream f(test::fixture_file(fixture, "reference.json"));
  return nlohmann::json::parse(f);
}

std::string ids_text(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += std::to_string(id) + " ";
  return s;
}

// Encodes every prompt of `fixture` and compares with its reference tensor row by row.
// Returns the number of exactly matching rows and prints the mismatching ones.
int match_fixture(const Tokenizer& tok, const std::string& fixture, const std::string& tensor, int* total) {
  const auto prompts = reference_json(fixture).at("prompts").get<std::vector<std::string>>();
  const at::Tensor expected = test::reference(fixture).get(tensor, at::kLong);
  std::vector<TokenizeResult> results;
  const at::Tensor actual = encode_batch(tok, prompts, &results);
  *total = static_cast<int>(prompts.size());
  if (expected.size(0) != static_cast<int64_t>(prompts.size()) || actual.sizes() != expected.sizes()) return -1;
  int matched = 0;
  for (size_t i = 0; i < prompts.size(); ++i) {
    if (torch::equal(actual[i], expected[i])) {
      ++matched;
      continue;
    }
    const at::Tensor e = expected[i].contiguous();
    std::vector<int64_t> ev(e.data_ptr<int64_t>(), e.data_ptr<int64_t>() + e.numel());
    qWarning("%s prompt %zu '%s'\n  expected %s\n  actual   %s", fixture.c_str(), i, prompts[i].c_str(),
             ids_text(ev).c_str(), ids_text(results[i].ids).c_str());
  }
  qInfo("%s: %d / %d prompts match exactly", fixture.c_str(), matched, *total);
  return matched;
}

std::u32string U(const char* utf8) { return text::utf8_decode(utf8); }

}  // namespace

class TestTokenizers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sd1FixtureTokens() {
    auto tok = make_tokenizer("clip_sd1");
    int total = 0;
    QCOMPARE(match_fixture(*tok, "sd1-tiny", "tokens", &total), 12);
    QCOMPARE(total, 12);
  }

  void sd2FixtureTokens() {
    auto tok = make_tokenizer("clip_sd2");
    int total = 0;
    QCOMPARE(match_fixture(*tok, "sd2-tiny", "tokens", &total), 12);
    QCOMPARE(total, 12);
  }

  void bertFixtureTokens() {
    auto tok = make_tokenizer("bert");
    int total = 0;
    QCOMPARE(match_fixture(*tok, "ldm-txt2img-tiny", "tokens.input_ids", &total), 10);
    QCOMPARE(total, 10);
  }

  void bertFixtureWordpieces() {
    // reference.json lists FullTokenizer.tokenize() of every prompt as strings.
    const auto ref = reference_json("ldm-txt2img-tiny");
    const auto prompts = ref.at("prompts").get<std::vector<std::string>>();
    const auto pieces = ref.at("wordpieces").get<std::vector<std::vector<std::string>>>();
    WordpieceTokenizer tok(resource_path("vocab/bert-base-uncased-vocab.txt"));
    for (size_t i = 0; i < prompts.size(); ++i) QCOMPARE(tok.wordpieces(prompts[i]), pieces[i]);
  }

  void truncationIsReported() {
    // The last prompt of each fixture is far longer than 75 tokens; the others fit.
    for (const auto& [kind, fixture] : {std::pair<std::string, std::string>{"clip_sd1", "sd1-tiny"},
                                        {"clip_sd2", "sd2-tiny"},
                                        {"bert", "ldm-txt2img-tiny"}}) {
      auto tok = make_tokenizer(kind);
      const auto prompts = reference_json(fixture).at("prompts").get<std::vector<std::string>>();
      for (size_t i = 0; i < prompts.size(); ++i) {
        const TokenizeResult r = tok->encode(prompts[i]);
        QCOMPARE(static_cast<int64_t>(r.ids.size()), int64_t(77));
        QCOMPARE(r.truncated(), i + 1 == prompts.size());
        QCOMPARE(r.num_tokens - r.dropped, std::min<int64_t>(r.num_tokens, 75));
      }
    }
    auto clip = make_tokenizer("clip_sd1");
    // "word" is one BPE token, so 80 words are 80 tokens: 5 dropped.
    std::string eighty;
    for (int i = 0; i < 80; ++i) eighty += "word ";
    const TokenizeResult r = clip->encode(eighty);
    QCOMPARE(r.num_tokens, int64_t(80));
    QCOMPARE(r.dropped, int64_t(5));
    QCOMPARE(r.ids[76], int64_t(49407));
  }

  void emptyAndHugePrompts() {
    for (const char* kind : {"clip_sd1", "clip_sd2", "bert"}) {
      auto tok = make_tokenizer(kind);
      const TokenizeResult empty = tok->encode("");
      QCOMPARE(empty.num_tokens, int64_t(0));
      QVERIFY(!empty.truncated());
      QCOMPARE(static_cast<int64_t>(empty.ids.size()), int64_t(77));
      std::string huge;
      for (int i = 0; i < 20000; ++i) huge += "lorem ipsum, dolor! ";
      const TokenizeResult r = tok->encode(huge);
      QCOMPARE(static_cast<int64_t>(r.ids.size()), int64_t(77));
      QVERIFY(r.truncated());
      QVERIFY(r.num_tokens > 50000);
      const TokenizeResult blank = tok->encode(" \t\n\r\v\f  ");
      QCOMPARE(blank.num_tokens, int64_t(0));
    }
    // Padding conventions: SD1 pads with <|endoftext|>, SD2 with 0, BERT with [PAD] = 0.
    std::vector<int64_t> sd1(77, 49407);
    sd1[0] = 49406;
    QCOMPARE(make_tokenizer("clip_sd1")->encode("").ids, sd1);
    std::vector<int64_t> sd2(77, 0);
    sd2[0] = 49406;
    sd2[1] = 49407;
    QCOMPARE(make_tokenizer("clip_sd2")->encode("").ids, sd2);
    std::vector<int64_t> bert(77, 0);
    bert[0] = 101;
    bert[1] = 102;
    QCOMPARE(make_tokenizer("bert")->encode("").ids, bert);
  }

  void invalidUtf8() {
    const std::vector<std::string> bad = {"\xff\xfe", "caf\xc3", "a\xed\xa0\x80z", "\xc0\xaf overlong", "\xf4\x90\x80\x80",
                                          std::string("nul\0byte", 8), "\xe2\x82", "\x80\x80\x80 cont"};
    for (const char* kind : {"clip_sd1", "clip_sd2", "bert"}) {
      auto tok = make_tokenizer(kind);
      for (const auto& s : bad) {
        const TokenizeResult r = tok->encode(s);
        QCOMPARE(static_cast<int64_t>(r.ids.size()), int64_t(77));
        QVERIFY(!r.truncated());
      }
    }
    // Each maximal invalid subsequence becomes one U+FFFD (Python's errors="replace").
    QCOMPARE(text::utf8_decode("a\xed\xa0\x80z"), std::u32string(U"a\uFFFD\uFFFD\uFFFDz"));
    QCOMPARE(text::utf8_decode("caf\xc3"), std::u32string(U"caf\uFFFD"));
    QCOMPARE(text::utf8_decode("\xe2\x82 x"), std::u32string(U"\uFFFD x"));
    QCOMPARE(text::utf8_decode("\xf0\x9f\x90\xb1"), std::u32string(U"\U0001F431"));
    // BERT drops U+FFFD like _clean_text does.
    QCOMPARE(make_tokenizer("bert")->tokenize("\xff cat"), make_tokenizer("bert")->tokenize("cat"));
  }

  void emojiRoundTrip() {
    ClipTokenizer tok(resource_path("vocab/bpe_simple_vocab_16e6.txt.gz"), ClipTokenizer::Flavor::HfClip);
    const std::string text = "a cat \xf0\x9f\x90\xb1 with a rocket \xf0\x9f\x9a\x80\xe2\x9c\xa8 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x9a\x80";
    const std::string decoded = tok.decode(tok.tokenize(text));
    QCOMPARE(QString::fromStdString(decoded).trimmed(), QString::fromStdString(text));
    // Every id is a real vocabulary entry, none is <|endoftext|> or beyond.
    for (int64_t id : tok.tokenize(text)) QVERIFY(id >= 0 && id < 49406);
  }

  void specialTokenText() {
    // HF CLIPTokenizer spells the specials <|startoftext|>/<|endoftext|>, open_clip
    // <start_of_text>/<end_of_text>; written in a prompt they become the special id.
    const std::vector<int64_t> a_eot_a = {320, 49407, 320};  // "a</w>" is 320 (see sd1-tiny prompt 0)
    QCOMPARE(make_tokenizer("clip_sd1")->tokenize("a <|endoftext|> a"), a_eot_a);
    QCOMPARE(make_tokenizer("clip_sd2")->tokenize("a <end_of_text> a"), a_eot_a);
    QVERIFY(make_tokenizer("clip_sd2")->tokenize("a <|endoftext|> a").size() > 3);
  }

  void htmlUnescapeMatchesPython() {
    // Expected strings printed by Python 3.11's html.unescape.
    QCOMPARE(text::html_unescape(U("&amp;&lt;&gt;&quot;&#39;&#x27;&copy;")), U("&<>\"''\xc2\xa9"));
    QCOMPARE(text::html_unescape(U("&ampfoo &notit; &notin; &#128;&#x80; &#0; &#1; &#xD800; &#1114112; &#99999999999999;")),
             std::u32string(U"&foo \u00acit; \u2209 \u20ac\u20ac \uFFFD  \uFFFD \uFFFD \uFFFD"));
    QCOMPARE(text::html_unescape(U("&#65&#x42;&#X43 &Amp; &AMP; & x &#; &#x;")), U("ABC &Amp; & & x &#; &#x;"));
    QCOMPARE(text::html_unescape(U("rock &amp;amp; roll")), U("rock &amp; roll"));
  }

  void ftfyDocumentedExamples() {
    // Examples from python-ftfy 6.3's docstrings.
    QCOMPARE(text::ftfy_unescape_html(U("P&EACUTE;REZ")), U("P\xc3\x89REZ"));
    QCOMPARE(text::ftfy_unescape_html(U("&ntilde; &Ntilde; &NTILDE; &nTILDE;")),
             U("\xc3\xb1 \xc3\x91 \xc3\x91 &nTILDE;"));
    QCOMPARE(text::ftfy_unescape_html(U("&Jscr;ohn &HilbertSpace;ancock")), std::u32string(U"\U0001D4A5ohn \u210Bancock"));
    QCOMPARE(text::ftfy_fix_text(U("HTML entities &lt;3")), U("HTML entities <3"));
    QCOMPARE(text::ftfy_fix_text(U("<em>HTML entities &lt;3</em>")), U("<em>HTML entities &lt;3</em>"));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\uFEFFParty like\nit&rsquo;s 1999!")), U("Party like\nit's 1999!"));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\uFF2C\uFF2F\uFF35\uFF24\u3000\uFF2E\uFF2F\uFF29\uFF33\uFF25\uFF33")),
             U("LOUD NOISES"));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\uFF35\uFF80\uFF70\uFF9D")), std::u32string(U"U\u30BF\u30FC\u30F3"));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\uFB02u\uFB03e\uFB06")), U("fluffiest"));
    QCOMPARE(text::ftfy_fix_text(U("\x1b[36;44mI'm blue, da ba dee da ba doo...\x1b[0m")),
             U("I'm blue, da ba dee da ba doo..."));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\u201chere\u2019s a test\u201d")), U("\"here's a test\""));
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"\u00c3\u00banico")), std::u32string(U"\u00fanico"));  // mojibake
    QCOMPARE(text::ftfy_fix_text(std::u32string(U"This text is fine already :\u00fe")),
             std::u32string(U"This text is fine already :\u00fe"));
    QCOMPARE(text::ftfy_fix_text(U("&amp;amp;")), U("&"));  // repeated until nothing changes
  }

  void unicodeNormalisationMatchesPython() {
    // Expected values printed by Python 3.11's unicodedata.normalize / str.lower.
    QCOMPARE(text::nfc(std::u32string(U"e\u0301")), std::u32string(U"\u00e9"));
    QCOMPARE(text::nfc(std::u32string(U"\u1100\u1161\u11a8")), std::u32string(U"\uac01"));
    QCOMPARE(text::nfd(std::u32string(U"\uac01")), std::u32string(U"\u1100\u1161\u11a8"));
    QCOMPARE(text::nfc(std::u32string(U"A\u030a\u0327")), std::u32string(U"\u00c5\u0327"));
    QCOMPARE(text::nfd(std::u32string(U"A\u030a\u0327")), std::u32string(U"A\u0327\u030a"));
    QCOMPARE(text::nfc(std::u32string(U"a\u0323\u0307")), std::u32string(U"\u1ea1\u0307"));
    QCOMPARE(text::nfc(std::u32string(U"\u0344")), std::u32string(U"\u0308\u0301"));
    QCOMPARE(text::nfc(std::u32string(U"\u1e0b\u0323")), std::u32string(U"\u1e0d\u0307"));
    QCOMPARE(text::nfc(std::u32string(U"\u212b")), std::u32string(U"\u00c5"));
    QCOMPARE(text::nfc(std::u32string(U"\u0301a")), std::u32string(U"\u0301a"));
    QCOMPARE(text::to_lower(std::u32string(U"\u039f\u0394\u039f\u03a3 \u03a3 \u03a3\u0391 \u0130stanbul \u01c5")),
             std::u32string(U"\u03bf\u03b4\u03bf\u03c2 \u03c3 \u03c3\u03b1 i\u0307stanbul \u01c6"));
  }

  // The reference's BERTEmbedder builds BERTTokenizer(max_length=max_seq_len): a shorter context keeps
  // [CLS], the first max_seq_len - 2 pieces and [SEP], padded with [PAD].
  void bertContextLength() {
    const std::string text = "a red circle above a small blue square";
    const auto full = make_tokenizer("bert")->encode(text);
    QCOMPARE(full.ids.size(), size_t(77));
    const auto eight = make_tokenizer("bert", {}, 8)->encode(text);
    QCOMPARE(eight.ids.size(), size_t(8));
    QVERIFY(std::equal(eight.ids.begin(), eight.ids.begin() + 7, full.ids.begin()));
    QCOMPARE(eight.ids[7], int64_t(102));  // [SEP]
    QCOMPARE(eight.dropped, int64_t(2));   // "blue square"
    const auto sixteen = make_tokenizer("bert", {}, 16)->encode(text);
    QCOMPARE(sixteen.ids.size(), size_t(16));
    QVERIFY(std::equal(sixteen.ids.begin(), sixteen.ids.end(), full.ids.begin()));  // 8 pieces + specials + padding
    QCOMPARE(make_tokenizer("bert", {}, 16)->context_length(), int64_t(16));
    QVERIFY_THROWS_EXCEPTION(RequestError, make_tokenizer("clip_sd1", {}, 16));
    QVERIFY_THROWS_EXCEPTION(RequestError, make_tokenizer("bert", {}, 1));
  }

  void factoryAndResources() {
    QVERIFY(QFileInfo(QString::fromStdString(resource_path("vocab/bpe_simple_vocab_16e6.txt.gz"))).isFile());
    QVERIFY_THROWS_EXCEPTION(RequestError, make_tokenizer("gpt2"));
    QVERIFY_THROWS_EXCEPTION(LoadError, make_tokenizer("bert", "/nonexistent/vocab"));
    QCOMPARE(make_tokenizer("clip_sd1").get(), make_tokenizer("clip_sd1").get());  // shared instance
    QCOMPARE(make_tokenizer("clip_sd1")->vocab_size(), int64_t(49408));
    QCOMPARE(make_tokenizer("bert")->vocab_size(), int64_t(30522));
    qputenv("LDM_RESOURCES_DIR", "/nonexistent/resources");
    QVERIFY_THROWS_EXCEPTION(LoadError, resources_dir());
    qputenv("LDM_RESOURCES_DIR", QByteArray(LDM_RESOURCES_DIR));
    QCOMPARE(QString::fromStdString(resources_dir()), QDir::cleanPath(LDM_RESOURCES_DIR));
    qunsetenv("LDM_RESOURCES_DIR");
  }
};

LDM_TEST_MAIN(TestTokenizers)
#include "test_tokenizers.moc"
