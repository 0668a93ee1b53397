// The shapes-world dataset: reproducible from (seed, index), captions that say what is drawn, boxes
// that hold the drawn shapes, and the evaluation analysers (tests/support/shape_analysis.h)
// checked on ground truth before they judge any model.
#include <QtTest/QtTest>

#include <set>

#include "core/training/shapes_world.h"
#include "support/shape_analysis.h"
#include "support/test_main.h"

using namespace ldm;

class TestShapesWorld : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void deterministic() {
    const ShapesWorld a(ShapesWorldOptions{5}), b(ShapesWorldOptions{5}), c(ShapesWorldOptions{6});
    int differ = 0;
    for (uint64_t i = 0; i < 20; ++i) {
      QCOMPARE(render_scene(a.scene(i), 64).pixels, render_scene(b.scene(i), 64).pixels);
      QCOMPARE(a.scene(i).caption, b.scene(i).caption);
      differ += a.scene(i).caption != c.scene(i).caption;
    }
    QVERIFY(differ >= 15);  // another seed is another dataset
  }

  void variety() {
    // The minimum: 5 shapes, 8 colours, several sizes, 1-4 objects, plain and gradient backgrounds.
    const ShapesWorld w(ShapesWorldOptions{1});
    std::set<int> shapes, colours, sizes, counts, gradients;
    for (uint64_t i = 0; i < 2000; ++i) {
      const ShapeScene s = w.scene(i);
      counts.insert(static_cast<int>(s.objects.size()));
      gradients.insert(s.gradient);
      for (const auto& o : s.objects) shapes.insert(o.shape), colours.insert(o.colour), sizes.insert(o.size);
    }
    QCOMPARE(static_cast<int>(shapes.size()), 5);
    QCOMPARE(static_cast<int>(colours.size()), 8);
    QCOMPARE(static_cast<int>(sizes.size()), 3);
    QCOMPARE(counts, (std::set<int>{1, 2, 3, 4}));
    QCOMPARE(gradients, (std::set<int>{0, 1, 2, 3}));
  }

  void captions() {
    std::vector<ShapeObject> two(2);
    two[0].colour = 0, two[0].shape = 0, two[0].size = 1, two[0].cx = 0.5, two[0].cy = 0.2;
    two[1].colour = 5, two[1].shape = 1, two[1].size = 0, two[1].cx = 0.55, two[1].cy = 0.8;
    QCOMPARE(QString::fromStdString(shape_caption(two)), QStringLiteral("a red circle above a small blue square"));
    two[1].cx = 0.1, two[1].cy = 0.25;
    QCOMPARE(QString::fromStdString(shape_caption(two)), QStringLiteral("a red circle right of a small blue square"));
    std::vector<ShapeObject> one(1);
    one[0].colour = 1, one[0].shape = 2, one[0].size = 1;
    QCOMPARE(QString::fromStdString(shape_caption(one)), QStringLiteral("an orange triangle"));
    one[0].size = 2;
    QCOMPARE(QString::fromStdString(shape_caption(one)), QStringLiteral("a large orange triangle"));
    QCOMPARE(QString::fromStdString(shape_class_label(shape_class(7, 4))), QStringLiteral("pink star"));
  }

  // Inpainting training prompts: the caption, or the hidden object's own phrase with the given
  // probability, decided by the example's index alone.
  void inpainting_prompts() {
    const ShapesWorld w(ShapesWorldOptions{3});
    ShapeScene s;
    uint64_t i = 0;
    for (; s.objects.size() != 2; ++i) s = w.scene(i);
    const std::string second = shape_caption({s.objects[1]});
    QVERIFY(second != s.caption);
    QCOMPARE(inpainting_prompt(s, 1, 0.0, 5), s.caption);
    QCOMPARE(inpainting_prompt(s, 1, 1.0, 5), second);
    QCOMPARE(inpainting_prompt(s, -1, 1.0, 5), s.caption);  // a mask that hides no one object
    int object = 0;
    for (uint64_t k = 0; k < 1000; ++k) {
      const std::string p = inpainting_prompt(s, 1, 0.5, k);
      QCOMPARE(inpainting_prompt(s, 1, 0.5, k), p);
      QVERIFY(p == second || p == s.caption);
      object += p == second;
    }
    QVERIFY2(object > 440 && object < 560, std::to_string(object).c_str());  // 1000 draws at 0.5: sd 16
  }

  void boxes_hold_their_shapes() {
    const ShapesWorld w(ShapesWorldOptions{3});
    for (uint64_t i = 0; i < 100; ++i) {
      const ShapeScene s = w.scene(i);
      for (const auto& o : s.objects) {
        QVERIFY(o.x0() >= 0 && o.y0() >= 0 && o.x1() <= 1 && o.y1() <= 1);
        const Image m = render_object_mask(o, 128);
        int inside = 0, total = 0;
        for (int y = 0; y < 128; ++y)
          for (int x = 0; x < 128; ++x) {
            if (!*m.at(x, y)) continue;
            ++total;
            const double fx = (x + 0.5) / 128, fy = (y + 0.5) / 128;
            inside += fx >= o.x0() && fx <= o.x1() && fy >= o.y0() && fy <= o.y1();
          }
        QVERIFY(total > 20);
        QCOMPARE(inside, total);
      }
    }
  }

  void analysers_on_ground_truth() {
    // Colour and shape analysers must be right on the renders themselves; otherwise the evaluation
    // of the models would measure the analyser.
    const test::ShapeClassifier classifier(64);
    const ShapesWorld w(ShapesWorldOptions{11});
    int colour_ok = 0, shape_ok = 0, n = 0;
    for (int i = 0; i < 400; ++i) {
      ShapeObject o;
      o.shape = i % kShapeKinds;
      o.colour = (i / kShapeKinds) % kShapeColours;
      o.size = (i / 40) % kShapeSizes;
      o.cx = o.cy = -1;
      const Image im = render_scene(w.scene_with({o}, static_cast<uint64_t>(i)), 64);
      const auto comps = test::colour_components(im);
      QVERIFY(!comps.empty());
      colour_ok += comps[0].colour == o.colour;
      shape_ok += classifier.classify(comps[0]) == o.shape;
      ++n;
    }
    qInfo("analysers on 400 ground-truth renders: colour %d/%d, shape %d/%d", colour_ok, n, shape_ok, n);
    QCOMPARE(colour_ok, n);
    QVERIFY(shape_ok >= n * 95 / 100);
  }
};

LDM_TEST_MAIN(TestShapesWorld)
#include "test_shapes_world.moc"
