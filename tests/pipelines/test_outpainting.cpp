// Outpainting (GenerationRequest::outpaint_*): the canvas grows by the margins (rounded up to the model's
// size multiple), the original pixels stay exactly as they were (keep_unmasked), the new area is painted
// by the model, and margins or masks that do not fit are refused. With an inpainting model
// (ldm-inpaint-tiny) and with a text model by latent blending (sd1-tiny).
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/api/engine.h"
#include "core/api/model_info.h"
#include "core/error.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

Image random_image(int w, int h, uint32_t seed) {
  Image im = Image::blank(w, h, 3);
  uint32_t x = seed;
  for (auto& p : im.pixels) {
    x = x * 1664525u + 1013904223u;
    p = static_cast<uint8_t>(x >> 24);
  }
  return im;
}

}  // namespace

class OutpaintingTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void grows_the_canvas_and_keeps_the_picture() {
    Engine engine;
    for (const char* fixture : {"ldm-inpaint-tiny", "sd1-tiny"}) {
      const std::string model = test::fixture_file(fixture, "model.safetensors");
      const int multiple = describe_model(model).size_multiple;
      GenerationRequest r;
      r.task = Task::Inpaint;
      r.model = model;
      r.prompt = "a red circle";
      r.steps = 4;
      r.seed = 2;
      r.keep_unmasked = Toggle::On;
      r.init_image = random_image(2 * multiple, 2 * multiple, 7);
      r.outpaint_left = 3;  // only the left: it takes the rounding
      const GenerationResult res = engine.run(r);
      const Image& out = res.images.at(0);
      const int L = 3 + (multiple - (2 * multiple + 3) % multiple) % multiple;
      QCOMPARE(out.width, 2 * multiple + L);
      QCOMPARE(out.height, 2 * multiple);
      QCOMPARE(out.width % multiple, 0);
      int kept = 0, painted = 0;
      for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
          const uint8_t* o = &out.pixels[(static_cast<size_t>(y) * out.width + x) * 3];
          if (x >= L) {
            const uint8_t* i = &r.init_image.pixels[(static_cast<size_t>(y) * r.init_image.width + (x - L)) * 3];
            kept += o[0] == i[0] && o[1] == i[1] && o[2] == i[2];
          } else {
            // The fill repeats the left edge; the model paints over it.
            const uint8_t* e = &r.init_image.pixels[(static_cast<size_t>(y) * r.init_image.width) * 3];
            painted += o[0] != e[0] || o[1] != e[1] || o[2] != e[2];
          }
        }
      }
      qInfo("%s: %dx%d, original pixels kept %d of %d, new pixels painted %d of %d", fixture, out.width, out.height,
            kept, 2 * multiple * 2 * multiple, painted, L * out.height);
      QCOMPARE(kept, 2 * multiple * 2 * multiple);
      QVERIFY(painted > L * out.height / 2);
      QCOMPARE(res.request.outpaint_left, 3);  // recorded as asked
      // A mask inside the picture is repainted as well.
      GenerationRequest masked = r;
      masked.mask = Image::blank(r.init_image.width, r.init_image.height, 1);
      for (int x = 0; x < multiple; ++x) masked.mask.pixels[static_cast<size_t>(multiple) * masked.mask.width + x] = 255;
      const Image m = engine.run(masked).images.at(0);
      QVERIFY(m.pixels != out.pixels);
    }
  }

  void bad_margins_and_masks_are_refused() {
    Engine engine;
    GenerationRequest r;
    r.task = Task::Inpaint;
    r.model = test::fixture_file("ldm-inpaint-tiny", "model.safetensors");
    r.steps = 2;
    r.init_image = random_image(16, 16, 1);
    r.outpaint_right = -4;
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(r));
    r.outpaint_right = 8;
    r.mask = Image::blank(8, 8, 1);
    try {
      engine.run(r);
      QFAIL("a mask of another size was accepted");
    } catch (const RequestError& e) {
      QVERIFY(std::string(e.what()).find("8x8") != std::string::npos);
    }
  }
};

LDM_TEST_MAIN(OutpaintingTest)
#include "test_outpainting.moc"
