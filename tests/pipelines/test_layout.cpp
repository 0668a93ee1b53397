// Layout tokens against the ldm-layout-tiny fixture (tests/data/ldm-layout-tiny/README.md): the
// reference ran taming's ObjectsBoundingBoxConditionalBuilder.build on four layouts (0, 1, 3 and
// 32 objects) after random.seed(python_random_seed_per_layout[i]). Tokens must match exactly.
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <fstream>

#include "core/error.h"
#include "core/layout/layout_classes.h"
#include "core/layout/layout_raster.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/layout/python_random.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

class TestLayout : public QObject {
  Q_OBJECT

  nlohmann::json ref_json() {
    std::ifstream in(test::fixture_file("ldm-layout-tiny", "reference.json"));
    return nlohmann::json::parse(in);
  }

  static std::vector<LayoutObject> objects_of(const nlohmann::json& layout) {
    std::vector<LayoutObject> out;
    for (const auto& o : layout) {
      LayoutObject lo;
      lo.category_no = o[0].get<int64_t>();
      lo.x = o[1].get<double>();
      lo.y = o[2].get<double>();
      lo.w = o[3].get<double>();
      lo.h = o[4].get<double>();
      lo.is_group_of = o[5][0].get<bool>();
      lo.is_occluded = o[5][1].get<bool>();
      lo.is_depiction = o[5][2].get<bool>();
      lo.is_inside = o[5][3].get<bool>();
      out.push_back(lo);
    }
    return out;
  }

 private Q_SLOTS:
  void builder_parameters() {
    const auto j = ref_json()["builder"];
    ObjectsBoundingBoxConditionalBuilder b;
    QCOMPARE(b.config().no_object_classes, j["no_object_classes"].get<int>());
    QCOMPARE(b.config().no_max_objects, j["no_max_objects"].get<int>());
    QCOMPARE(b.config().no_tokens, j["no_tokens"].get<int>());
    QCOMPARE(b.no_sections(), j["no_sections"].get<int>());
    QCOMPARE(b.none(), j["none_token"].get<int64_t>());
    QCOMPARE(b.embedding_dim(), 92);
  }

  void python_shuffle_order() {
    const auto j = ref_json();
    const auto& layouts = j["layouts(class_no,x0,y0,w,h,(group,occluded,depiction,inside))"];
    for (size_t i = 0; i < layouts.size(); ++i) {
      const auto seed = j["python_random_seed_per_layout"][i].get<uint64_t>();
      auto objects = objects_of(layouts[i]);
      std::vector<int> order;
      ObjectsBoundingBoxConditionalBuilder().build(objects, seed, {}, false, nullptr, &order);
      QCOMPARE(order, j["shuffled_order_per_layout"][i].get<std::vector<int>>());
    }
  }

  void tokens_match_reference_exactly() {
    const auto j = ref_json();
    const auto& layouts = j["layouts(class_no,x0,y0,w,h,(group,occluded,depiction,inside))"];
    const at::Tensor ref = test::reference("ldm-layout-tiny").get("tokens").contiguous();  // [4, 92] int64
    QCOMPARE(ref.size(0), static_cast<int64_t>(layouts.size()));
    for (size_t i = 0; i < layouts.size(); ++i) {
      std::vector<std::string> warnings;
      const auto tokens = ObjectsBoundingBoxConditionalBuilder().build(
          objects_of(layouts[i]), j["python_random_seed_per_layout"][i].get<uint64_t>(), {}, false, &warnings);
      QCOMPARE(static_cast<int64_t>(tokens.size()), ref.size(1));
      const int64_t* r = ref[static_cast<int64_t>(i)].data_ptr<int64_t>();
      for (size_t k = 0; k < tokens.size(); ++k) {
        if (tokens[k] != r[k])
          QFAIL(qPrintable(QString("layout %1 token %2: %3, reference %4").arg(i).arg(k).arg(tokens[k]).arg(r[k])));
      }
      if (layouts[i].size() == 0 || layouts[i].size() > 30) QVERIFY(!warnings.empty());
    }
  }

  void coordinate_rounding_is_half_even() {
    ObjectsBoundingBoxConditionalBuilder b;
    // 0.5 * 89 = 44.5 -> 44 (Python round), 1.0 -> 89, crop tokens 0 and 8099.
    QCOMPARE(b.tokenize_coordinates(0.5, 0.0), int64_t{44});
    QCOMPARE(b.tokenize_coordinates(0.0, 0.5), int64_t{44 * 90});
    QCOMPARE(b.tokenize_coordinates(1.0, 1.0), int64_t{8099});
    const auto t = b.build({});
    QCOMPARE(t.size(), size_t{92});
    QCOMPARE(t[90], int64_t{0});
    QCOMPARE(t[91], int64_t{8099});
    for (int k = 0; k < 90; ++k) QCOMPARE(t[k], int64_t{8191});
  }

  void order_kept_without_seed_and_inverse() {
    ObjectsBoundingBoxConditionalBuilder b;
    LayoutObject a{3, 0.1, 0.2, 0.3, 0.4, true, false, true, false};
    LayoutObject c{7, 0.5, 0.5, 0.9, 0.9};  // clipped to the image: w = min(0.9, 0.5)
    const auto t = b.build({a, c});
    QCOMPARE(t[0], int64_t{3 + 340 * 5});
    QCOMPARE(t[3], int64_t{7});
    QCOMPARE(t[5], int64_t{8099});
    const auto objs = b.inverse_build(t);
    QCOMPARE(objs.size(), size_t{2});
    QCOMPARE(objs[0].category_no, int64_t{3});
    QVERIFY(objs[0].is_group_of && objs[0].is_depiction && !objs[0].is_occluded);
    QVERIFY(std::abs(objs[0].x - 0.1) < 1.0 / 89);
  }

  // LDM Studio's dense layout input: each box's class plane holds the fraction of every latent cell
  // its box covers; the empty layout is all zeros.
  void raster_map() {
    // One layout's map, [classes][h][w] row-major.
    auto rasterize_layout = [](const ObjectsBoundingBoxConditionalBuilder& b, const std::vector<int64_t>& tokens, int h, int w) {
      const at::Tensor m = layout_class_maps(b, torch::tensor(tokens, torch::kLong).unsqueeze(0), h, w).contiguous();
      return std::vector<float>(m.data_ptr<float>(), m.data_ptr<float>() + m.numel());
    };
    LayoutBuilderConfig cfg;
    cfg.no_object_classes = 40, cfg.no_max_objects = 4, cfg.no_tokens = 1024;  // the bundled model's: 32x32 grid
    cfg.encode_crop = cfg.use_group_parameter = cfg.use_additional_parameters = false;
    const ObjectsBoundingBoxConditionalBuilder b(cfg);
    // A box of class 5 at x 0..0.5, y 0.5..1 (the corner tokens round 0.5 to 16/31: edges inside
    // cell 8 of 16) and one of class 39 at x 16/31..25/31, y 0..9/31.
    const LayoutObject a{5, 0.0, 0.5, 0.5, 0.5};
    const LayoutObject c{39, 16.0 / 31, 0.0, 9.0 / 31, 9.0 / 31};
    const auto map = rasterize_layout(b, b.build({a, c}), 16, 16);
    QCOMPARE(map.size(), size_t(40 * 16 * 16));
    auto at = [&](int k, int x, int y) { return map[(static_cast<size_t>(k) * 16 + y) * 16 + x]; };
    const auto objs = b.inverse_build(b.build({a, c}));
    // Class 5: full cells inside, partial at the quantised right edge, nothing outside.
    QCOMPARE(at(5, 0, 15), 1.0f);
    QCOMPARE(at(5, 3, 9), 1.0f);
    QCOMPARE(at(5, 3, 2), 0.0f);
    QCOMPARE(at(5, 12, 12), 0.0f);
    const double right = (objs[0].x + objs[0].w) * 16;  // box edge in cells
    QVERIFY(std::abs(at(5, static_cast<int>(right), 12) - (right - std::floor(right))) < 1e-5);
    // Class 39 lies in the top right; other planes stay empty.
    QVERIFY(at(39, 9, 1) > 0.99f);
    QCOMPARE(at(39, 9, 10), 0.0f);
    double rest = 0;
    for (int k = 0; k < 40; ++k)
      if (k != 5 && k != 39)
        for (int i = 0; i < 256; ++i) rest += map[static_cast<size_t>(k) * 256 + i];
    QCOMPARE(rest, 0.0);
    // The covered area equals the boxes' areas.
    double area5 = 0;
    for (int i = 0; i < 256; ++i) area5 += map[5 * 256 + i];
    QVERIFY(std::abs(area5 - objs[0].w * objs[0].h * 256) < 1e-3);
    for (float v : rasterize_layout(b, b.build({}), 16, 16)) QCOMPARE(v, 0.0f);
  }

  void classes_lookup() {
    const auto& classes = LayoutClasses::openimages();
    QCOMPARE(classes.size(), 340);
    // Numbering: sorted by MID with /m/01s55n (Suitcase) moved last (README).
    QCOMPARE(classes.at(0).name, std::string("Tortoise"));
    QCOMPARE(classes.at(339).id, std::string("/m/01s55n"));
    QCOMPARE(classes.find("tortoise").value_or(-1), 0);
    QCOMPARE(classes.find("SUITCASE").value_or(-1), 339);
    QCOMPARE(classes.find("/m/0120dh").value_or(-1), 1);
    QVERIFY(!classes.find("no such thing"));
    QVERIFY_THROWS_EXCEPTION(RequestError, classes.resolve("no such thing"));
    QVERIFY_THROWS_EXCEPTION(RequestError, classes.at(340));
    for (int i = 1; i < 339; ++i) QVERIFY(classes.at(i - 1).id < classes.at(i).id);
    // Every class is a row of the shipped OpenImages descriptions.
    std::ifstream csv(std::string(LDM_RESOURCES_DIR) + "/layout/openimages-class-descriptions-boxable.csv");
    std::map<std::string, std::string> rows;
    for (std::string line; std::getline(csv, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();  // the file has CRLF line ends
      const auto comma = line.find(',');
      if (comma != std::string::npos) rows[line.substr(0, comma)] = line.substr(comma + 1);
    }
    for (const auto& c : classes.all())
      if (rows[c.id] != c.name) QFAIL(qPrintable(QString::fromStdString(c.id + ": csv \"" + rows[c.id] + "\", list \"" + c.name + "\"")));
  }

  void python_random_known_values() {
    // random.seed(0); random.getrandbits(32) == 3626764237 (CPython 3.11), and seed 42 -> 2746317213.
    PythonRandom r0(0);
    QCOMPARE(r0.getrandbits(32), 3626764237u);
    PythonRandom r42(42);
    QCOMPARE(r42.getrandbits(32), 2746317213u);
  }
};

LDM_TEST_MAIN(TestLayout)
#include "test_layout.moc"
