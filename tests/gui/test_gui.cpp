// Widget tests of ldm-studio, driven with QTest mouse and key events (offscreen platform).
// Expected values are derived from the geometry set up in each test (canvas size, zoom, brush
// radius), not from output of the code under test.
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRawFont>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTextLayout>
#include <QSplitter>
#include <QPainter>
#include <QRandomGenerator>
#include <QGlyphRun>
#include <QCompleter>
#include <QListWidget>
#include <QToolBar>
#include <QToolButton>
#include <QFile>
#include <QGroupBox>
#include <QImageReader>
#include <QItemSelectionModel>
#include <QFormLayout>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QCheckBox>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTranslator>
#include <QUndoStack>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QtTest/QtTest>

#include "support/gui_test_main.h"

#include <functional>

#include "fake_backend.h"
#include "core/api/model_info.h"
#include "core/imaging/image_io.h"
#include "core/imaging/label_map.h"
#include "core/imaging/png_metadata.h"
#include "core/io/sha256.h"
#include "ui/sampler_options.h"
#include "ui/history_panel.h"
#include "ui/brush_size_row.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/img2img_panel.h"
#include "ui/inpaint_panel.h"
#include "ui/layout_canvas.h"
#include "ui/layout_model.h"
#include "ui/layout_panel.h"
#include "ui/lora_vae_options.h"
#include "ui/main_window.h"
#include "ui/mask_canvas.h"
#include "ui/model_catalog.h"
#include "ui/label_canvas.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"
#include "ui/semantic_panel.h"
#include "ui/txt2img_panel.h"
#include "ui/upscale_panel.h"

using namespace ldm;
using namespace ldm::ui;

namespace {
QImage flat(int w, int h, QColor c) {
  QImage im(w, h, QImage::Format_RGB32);
  im.fill(c);
  return im;
}
int maskAt(const MaskCanvas& c, int x, int y) { return qGray(c.mask().pixel(x, y)); }
void drag(QWidget* w, QPoint from, QPoint to, Qt::MouseButton button = Qt::LeftButton) {
  QTest::mousePress(w, button, {}, from);
  QTest::mouseMove(w, (from + to) / 2);
  QTest::mouseMove(w, to);
  QTest::mouseRelease(w, button, {}, to);
}
void wheel(QWidget* w, QPointF pos, int delta) {
  QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QApplication::sendEvent(w, &e);
}

// A window on a fake backend with `stepDelayMs` per step, saving into a folder of its own, shown,
// with `prompt` on the Text to image tab (a null one leaves the prompt as the settings had it).
struct FakeWindow {
  QTemporaryDir out;
  test::FakeBackend* backend = nullptr;
  std::unique_ptr<MainWindow> window;
  explicit FakeWindow(int stepDelayMs, const QString& prompt = QStringLiteral("x")) {
    auto fake = std::make_unique<test::FakeBackend>(stepDelayMs);
    backend = fake.get();
    window = std::make_unique<MainWindow>(std::move(fake));
    window->setOutputFolder(out.path());
    window->show();
    if (!prompt.isNull()) window->txt2imgPanel()->promptEdit()->setPlainText(prompt);
  }
};
}  // namespace

class TestGui : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { QSettings().clear(); }
  void maskStrokeIsExactDisc();
  void maskUndoRedoClearInvert();
  void maskAfterWheelZoomAndPan();
  void maskRequestMatchesPaint();
  void softBrushFallsOff();
  void compareViewSplit();
  void layoutCreateMoveResizeDelete();
  void layoutPanelLabelsAndRequest();
  void generationStreamsPreviewsThenFinal();
  void cancelStopsWithinOneStep();
  void engineErrorIsShown();
  void realEngineStreamsAndCancels();
  void invalidFormShowsError();
  void dropModelAndImage();
  void settingsPersist();
  void i21_memoryUseReachesTheWorkerAndPersists();
  void saveNeverOverwrites();
  void screenshotsOfEveryTab();
  void translationsLoad();
  // Issue #25 ("The window a newcomer meets"), one test per defect (item number in the name).
  void i01_settingsFollowTheModel();
  void i02_isolatedFromUserHome();
  void i03_chineseRendersWithRealGlyphs();
  void i04_errorsNameTheControl();
  void i04_devicesOfferOnlyWhatRuns();
  void i04_staleMessagesClear();
  void i05_oneKindOfPreviewAndCancelledMark();
  void i07_layoutLabelFieldAndUndo();
  void i08_outputFolderShownAndSavedPathReported();
  void i09_historyFromFolderAndItsMenu();
  void i10_brushRelativeAndOverlayContrast();
  void i11_superResolutionShowsSizes();
  void i12_modelPickerPerTask();
  void i13_toolsReachableAt1024x700();
  void firstWindowFitsTheScreen();
  void sizeNoteBeyondNative();
  void i14_helpShortcutsAndVersions();
  // Issue #24: the result pane, previews and the image opener live in TaskPanel, for every tab.
  void i24_everyTabSharesTheResultPane();
  // Issue #20: class-conditional and unconditional models in the text-to-image tab, the scene painter.
  void i20_classPickerFollowsTheModel();
  void i20_classPickerRunsTheEngine();
  void i20_paintBrushFillAndPick();
  void labelMapAfterWheelZoomAndPan();
  void i20_labelMapExportImportRoundTrip();
  void i20_paintedSceneGeneratesAndReopens();
  // Issue #22: the image-to-image tab; LoRAs and VAE for Stable Diffusion models.
  void i22_img2imgRequestSendPasteAndReopen();
  void i22_loraVaeFollowTheModelAndFillRequests();
  void i22_img2imgAndLoraRunTheEngine();
  void i22_hiresFixFillsRequestAndReopens();
  void i22_hiresFixRunsTheEngine();
  void i22_outpaintMarginsOnCanvasAndRequest();
  void i22_outpaintRunsTheEngine();
};

// Canvas 400x400, image 200x200 -> fit zoom 2, offset (0,0): image (x,y) is widget (2x,2y).
// Hard brush of diameter 20 (radius 10): a pixel is painted when its centre (x+.5, y+.5) is
// within 10 of the stroke.
void TestGui::maskStrokeIsExactDisc() {
  MaskCanvas canvas;
  canvas.resize(400, 400);
  canvas.show();
  QVERIFY(QTest::qWaitForWindowExposed(&canvas));
  canvas.setImage(flat(200, 200, Qt::white));
  QCOMPARE(canvas.zoom(), 2.0);
  canvas.setBrushSize(20);
  drag(&canvas, QPoint(100, 100), QPoint(300, 100));  // image (50,50) -> (150,50)
  QCOMPARE(canvas.mask().size(), QSize(200, 200));
  QCOMPARE(maskAt(canvas, 50, 50), 255);
  QCOMPARE(maskAt(canvas, 100, 50), 255);
  QCOMPARE(maskAt(canvas, 150, 50), 255);
  QCOMPARE(maskAt(canvas, 100, 58), 255);  // centre 8.5 from the line
  QCOMPARE(maskAt(canvas, 100, 40), 255);  // 9.5 above
  QCOMPARE(maskAt(canvas, 100, 60), 0);    // 10.5 below
  QCOMPARE(maskAt(canvas, 100, 38), 0);    // 11.5 above
  QCOMPARE(maskAt(canvas, 41, 50), 255);   // 8.5 left of the start
  QCOMPARE(maskAt(canvas, 38, 50), 0);     // 11.5 left of the start
  QCOMPARE(maskAt(canvas, 161, 50), 0);    // 11.5 right of the end
  QCOMPARE(maskAt(canvas, 10, 150), 0);
  // Hard brush: binary mask, and exactly the pixels of the swept disc.
  int painted = 0;
  for (int y = 0; y < 200; ++y) {
    for (int x = 0; x < 200; ++x) {
      const int v = maskAt(canvas, x, y);
      QVERIFY2(v == 0 || v == 255, qPrintable(QStringLiteral("non-binary %1 at %2,%3").arg(v).arg(x).arg(y)));
      const double cx = std::clamp(x + 0.5, 50.0, 150.0), dx = x + 0.5 - cx, dy = y + 0.5 - 50;
      const bool inside = dx * dx + dy * dy <= 100.0;
      QCOMPARE(v == 255, inside);
      painted += v == 255;
    }
  }
  QVERIFY(painted > 100 * 20);
}

void TestGui::maskUndoRedoClearInvert() {
  MaskCanvas canvas;
  canvas.resize(400, 400);
  canvas.show();
  QVERIFY(QTest::qWaitForWindowExposed(&canvas));
  canvas.setImage(flat(200, 200, Qt::gray));
  canvas.setBrushSize(20);
  drag(&canvas, QPoint(100, 100), QPoint(300, 100));
  QCOMPARE(maskAt(canvas, 100, 50), 255);
  // Eraser over the middle of the stroke.
  canvas.setTool(MaskCanvas::Tool::Eraser);
  drag(&canvas, QPoint(200, 60), QPoint(200, 140));  // image x=100, y 30..70
  QCOMPARE(maskAt(canvas, 100, 50), 0);
  QCOMPARE(maskAt(canvas, 60, 50), 255);
  QCOMPARE(canvas.undoStack()->count(), 2);
  canvas.undoStack()->undo();
  QCOMPARE(maskAt(canvas, 100, 50), 255);
  canvas.undoStack()->undo();
  QCOMPARE(maskAt(canvas, 100, 50), 0);
  QCOMPARE(maskAt(canvas, 60, 50), 0);
  canvas.undoStack()->redo();
  QCOMPARE(maskAt(canvas, 60, 50), 255);
  // Ctrl+Z through the key event path is wired by the panel; here: invert and clear.
  canvas.invertMask();
  QCOMPARE(maskAt(canvas, 60, 50), 0);
  QCOMPARE(maskAt(canvas, 10, 10), 255);
  canvas.clearMask();
  QCOMPARE(maskAt(canvas, 10, 10), 0);
  canvas.undoStack()->undo();
  QCOMPARE(maskAt(canvas, 10, 10), 255);
}

// After one wheel notch (x1.25) at widget (200,200): zoom 2.5 and the image point under the
// cursor, (100,100), stays there, so image (x,y) is widget (200 + 2.5(x-100), 200 + 2.5(y-100)).
void TestGui::maskAfterWheelZoomAndPan() {
  MaskCanvas canvas;
  canvas.resize(400, 400);
  canvas.show();
  QVERIFY(QTest::qWaitForWindowExposed(&canvas));
  canvas.setImage(flat(200, 200, Qt::white));
  wheel(&canvas, QPointF(200, 200), 120);
  QCOMPARE(canvas.zoom(), 2.5);
  canvas.setBrushSize(10);  // radius 5
  // Click at image (100,120) -> widget (200, 250).
  QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(200, 250));
  QCOMPARE(maskAt(canvas, 100, 120), 255);
  QCOMPARE(maskAt(canvas, 100, 124), 255);  // 4.5 away
  QCOMPARE(maskAt(canvas, 100, 125), 0);    // centre 125.5 -> 5.5 away
  QCOMPARE(maskAt(canvas, 104, 120), 255);
  QCOMPARE(maskAt(canvas, 105, 120), 0);
  QCOMPARE(maskAt(canvas, 95, 120), 255);   // centre 95.5 -> 4.5 away
  QCOMPARE(maskAt(canvas, 94, 120), 0);
  // Middle-button pan by (40, -20) widget pixels = (16, -8) image pixels.
  drag(&canvas, QPoint(50, 50), QPoint(90, 30), Qt::MiddleButton);
  QCOMPARE(canvas.panOffset(), QPointF(-50 + 40, -50 - 20));
  // The same widget point now hits image (100-16, 120+8) = (84, 128).
  QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(200, 250));
  QCOMPARE(maskAt(canvas, 84, 128), 255);
  QCOMPARE(maskAt(canvas, 84, 134), 0);
  // Space + left drag pans as well and does not paint.
  QImage before = canvas.mask();
  QTest::keyPress(&canvas, Qt::Key_Space);
  drag(&canvas, QPoint(300, 300), QPoint(310, 300));
  QTest::keyRelease(&canvas, Qt::Key_Space);
  QCOMPARE(canvas.panOffset(), QPointF(-10 + 10, -70));
  QCOMPARE(canvas.mask(), before);
}

void TestGui::maskRequestMatchesPaint() {
  InpaintPanel panel;
  panel.resize(1200, 700);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  panel.setInputImage(flat(64, 48, Qt::blue));
  GenerationRequest r;
  QString error;
  QVERIFY(!panel.buildRequest(&r, &error));  // empty mask
  QVERIFY(!error.isEmpty());
  MaskCanvas* canvas = panel.canvas();
  canvas->setBrushSize(6);
  const QPoint at = canvas->imageToWidget(QPointF(20.5, 20.5)).toPoint();
  QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
  QVERIFY2(panel.buildRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.mask.channels, 1);
  QCOMPARE(r.mask.width, 64);
  QCOMPARE(r.mask.height, 48);
  QCOMPARE(r.init_image.channels, 3);
  const QImage mask = canvas->mask();
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 64; ++x) QCOMPARE(int(*r.mask.at(x, y)), qGray(mask.pixel(x, y)));
  }
  QCOMPARE(int(*r.mask.at(20, 20)), 255);
  QCOMPARE(int(*r.mask.at(40, 20)), 0);
  QCOMPARE(int(r.init_image.at(3, 3)[2]), 255);  // blue
}

// Softness 1: alpha falls linearly from the centre to the radius, 255 * (r - d) / r.
void TestGui::softBrushFallsOff() {
  MaskCanvas canvas;
  canvas.resize(400, 400);
  canvas.show();
  QVERIFY(QTest::qWaitForWindowExposed(&canvas));
  canvas.setImage(flat(200, 200, Qt::white));
  canvas.setBrushSize(20);
  canvas.setSoftness(1.0);
  QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(200, 200));  // image (100, 100)
  for (int x : {100, 102, 104, 106, 108, 109, 110, 112}) {
    const double d = std::hypot(x + 0.5 - 100, 0.5);
    const int expected = d > 10 ? 0 : int(std::lround(255 * (10 - d) / 10));
    QVERIFY2(std::abs(maskAt(canvas, x, 100) - expected) <= 1,
             qPrintable(QStringLiteral("x=%1: %2 vs %3").arg(x).arg(maskAt(canvas, x, 100)).arg(expected)));
  }
  QVERIFY(maskAt(canvas, 104, 100) > 100 && maskAt(canvas, 104, 100) < 200);
}

// The compare view shows the input left of the split and the result right of it; the slider
// and a drag on the view move the split.
void TestGui::compareViewSplit() {
  UpscalePanel panel;
  panel.resize(1000, 600);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  panel.setInputImage(flat(32, 32, Qt::red));
  panel.showResult(flat(128, 128, Qt::green));
  CompareView* view = panel.compareView();
  panel.splitSlider()->setValue(250);
  QCOMPARE(view->split(), 0.25);
  const QImage shot = view->grab().toImage();
  const int side = std::min(view->width(), view->height());
  const int left = (view->width() - side) / 2, top = (view->height() - side) / 2;
  const int y = top + side / 2;
  QCOMPARE(QColor(shot.pixel(left + side / 10, y)), QColor(Qt::red));
  QCOMPARE(QColor(shot.pixel(left + side / 2, y)), QColor(Qt::green));
  QCOMPARE(QColor(shot.pixel(left + side * 9 / 10, y)), QColor(Qt::green));
  QTest::mousePress(view, Qt::LeftButton, {}, QPoint(left + side * 3 / 4, y));
  QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(left + side * 3 / 4, y));
  QVERIFY(std::abs(view->split() - 0.75) < 0.01);
  QCOMPARE(panel.splitSlider()->value(), int(view->split() * 1000 + 0.5));
  GenerationRequest r;
  QString error;
  QVERIFY(panel.buildRequest(&r, &error));
  QCOMPARE(r.task, Task::Upscale);
  QCOMPARE(r.init_image.width, 32);
  // Input matching: on by default, follows the box, and a restored request sets the box.
  QCOMPARE(r.match_input, Toggle::On);
  panel.matchInputBox()->setChecked(false);
  QVERIFY(panel.buildRequest(&r, &error));
  QCOMPARE(r.match_input, Toggle::Off);
  r.match_input = Toggle::On;
  panel.applyRequest(r);
  QVERIFY(panel.matchInputBox()->isChecked());
  // Starting from the input: the same.
  QCOMPARE(r.start_from_input, Toggle::On);
  panel.startFromInputBox()->setChecked(false);
  QVERIFY(panel.buildRequest(&r, &error));
  QCOMPARE(r.start_from_input, Toggle::Off);
  QVERIFY(!panel.strengthBox()->isEnabled());  // the strength applies only when starting from the input
  r.start_from_input = Toggle::On;
  panel.applyRequest(r);
  QVERIFY(panel.startFromInputBox()->isChecked());
  QVERIFY(panel.strengthBox()->isEnabled());
  // Denoising strength: the upscaler's default, follows the box, restored from a request.
  QCOMPARE(panel.strengthBox()->value(), 0.5);
  panel.strengthBox()->setValue(0.3);
  QVERIFY(panel.buildRequest(&r, &error));
  QCOMPARE(r.strength, 0.3);
  r.strength = 0.8;
  panel.applyRequest(r);
  QCOMPARE(panel.strengthBox()->value(), 0.8);
}

// Canvas 416x416 showing a 512x512 layout: the area is (8,8)-(408,408), 400 px per unit.
void TestGui::layoutCreateMoveResizeDelete() {
  QWidget host;
  LayoutBoxModel model;
  QItemSelectionModel selection(&model);
  auto* canvas = new LayoutCanvas(&host);
  canvas->setModel(&model, &selection);
  canvas->setGeometry(0, 0, 416, 416);
  auto* table = new QTableView(&host);
  table->setModel(&model);
  table->setSelectionModel(&selection);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setGeometry(420, 0, 300, 300);
  host.resize(730, 420);
  canvas->setDefaultLabel(QStringLiteral("Tortoise"));
  host.show();
  QVERIFY(QTest::qWaitForWindowExposed(&host));
  QCOMPARE(canvas->imageRect(), QRectF(8, 8, 400, 400));

  drag(canvas, QPoint(108, 58), QPoint(208, 158));
  QCOMPARE(model.count(), 1);
  QCOMPARE(model.box(0).rect, QRectF(QPointF(0.25, 0.125), QPointF(0.5, 0.375)));
  QCOMPARE(model.box(0).label, QStringLiteral("Tortoise"));
  QCOMPARE(canvas->currentRow(), 0);
  QCOMPARE(table->selectionModel()->selectedRows().value(0).row(), 0);
  QCOMPARE(model.data(model.index(0, LayoutBoxModel::X0), Qt::DisplayRole).toString(), QStringLiteral("0.250"));

  // A too small drag creates nothing.
  drag(canvas, QPoint(300, 300), QPoint(302, 301));
  QCOMPARE(model.count(), 1);

  // Move by (+20, +40) px = (+0.05, +0.1).
  drag(canvas, QPoint(150, 100), QPoint(170, 140));
  QCOMPARE(model.count(), 1);
  QCOMPARE(model.box(0).rect.topLeft(), QPointF(0.30, 0.225));
  QCOMPARE(model.box(0).rect.bottomRight(), QPointF(0.55, 0.475));

  // Resize: the bottom-right handle is at widget (8 + 0.55*400, 8 + 0.475*400) = (228, 198).
  drag(canvas, QPoint(228, 198), QPoint(308, 258));
  QCOMPARE(model.box(0).rect.topLeft(), QPointF(0.30, 0.225));
  QCOMPARE(model.box(0).rect.bottomRight(), QPointF(0.75, 0.625));
  // Top-left handle dragged past the opposite corner flips cleanly (normalised rect).
  drag(canvas, QPoint(128, 98), QPoint(48, 58));
  QCOMPARE(model.box(0).rect.topLeft(), QPointF(0.10, 0.125));

  // A second box; selecting a row in the table selects it on the canvas and vice versa.
  drag(canvas, QPoint(348, 348), QPoint(398, 398));
  QCOMPARE(model.count(), 2);
  QCOMPARE(canvas->currentRow(), 1);
  const QRect row0 = table->visualRect(model.index(0, 0));
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row0.center());
  QCOMPARE(canvas->currentRow(), 0);
  QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(370, 370));
  QCOMPARE(table->selectionModel()->selectedRows().value(0).row(), 1);

  // Delete removes the selected box (and its row).
  canvas->setFocus();
  QTest::keyClick(canvas, Qt::Key_Delete);
  QCOMPARE(model.count(), 1);
  QCOMPARE(table->model()->rowCount(), 1);
  QCOMPARE(model.box(0).rect.bottomRight(), QPointF(0.75, 0.625));
  QTest::keyClick(canvas, Qt::Key_Delete);
  QCOMPARE(model.count(), 0);
}

void TestGui::layoutPanelLabelsAndRequest() {
  LayoutPanel panel;
  panel.resize(1300, 700);
  panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  // The class list of the layout model (its description): the OpenImages layout fixture's 340 classes,
  // "Tortoise" is class 0.
  QStringList names;
  for (const std::string& n : ldm::describe_model(LDM_TEST_DATA_DIR "/ldm-layout-tiny").class_names)
    names << QString::fromStdString(n);
  panel.setClassNames(names);
  QCOMPARE(panel.model()->classNames().size(), 340);
  QCOMPARE(panel.model()->classNames().first(), QStringLiteral("Tortoise"));
  QCOMPARE(panel.model()->classNames().last(), QStringLiteral("Suitcase"));
  LayoutCanvas* canvas = panel.canvas();
  const QRectF area = canvas->imageRect();
  const QPoint a = (area.topLeft() + QPointF(0.1 * area.width(), 0.2 * area.height())).toPoint();
  const QPoint b = (area.topLeft() + QPointF(0.6 * area.width(), 0.7 * area.height())).toPoint();
  drag(canvas, a, b);
  QCOMPARE(panel.model()->count(), 1);
  const int apple = panel.labelBox()->findText(QStringLiteral("Apple"));
  QVERIFY(apple >= 0);
  panel.labelBox()->setCurrentIndex(apple);
  Q_EMIT panel.labelBox()->activated(apple);
  QCOMPARE(panel.model()->box(0).label, QStringLiteral("Apple"));
  QCOMPARE(panel.table()->model()->data(panel.table()->model()->index(0, 0)).toString(), QStringLiteral("Apple"));
  GenerationRequest r;
  QString error;
  QVERIFY2(panel.buildRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.task, Task::Layout);
  QCOMPARE(int(r.boxes.size()), 1);
  QCOMPARE(r.boxes[0].label, std::string("Apple"));
  QCOMPARE(r.boxes[0].class_id, 5);  // "number": 5 in the class list
  const double tol = 1.0 / area.width();  // one widget pixel
  QVERIFY(std::abs(r.boxes[0].x0 - 0.1) <= tol && std::abs(r.boxes[0].y0 - 0.2) <= tol);
  QVERIFY(std::abs(r.boxes[0].x1 - 0.6) <= tol && std::abs(r.boxes[0].y1 - 0.7) <= tol);
}

void TestGui::generationStreamsPreviewsThenFinal() {
  FakeWindow f(5, QString());
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  const QTemporaryDir& out = f.out;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  p->widthBox()->setValue(128);
  p->heightBox()->setValue(64);
  p->samplerOptions()->stepsBox()->setValue(7);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(1234);
  QSignalSpy previews(w.worker(), &EngineWorker::previewReady);
  QSignalSpy progress(w.worker(), &EngineWorker::progress);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  // Ctrl+Enter in the prompt generates.
  p->promptEdit()->setFocus();
  QTest::keyClicks(p->promptEdit(), QStringLiteral("a red fox"));
  QTest::keyClick(p->promptEdit(), Qt::Key_Return, Qt::ControlModifier);
  QCOMPARE(p->promptEdit()->toPlainText(), QStringLiteral("a red fox"));  // no newline inserted
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  QCOMPARE(backend->runs.load(), 1);
  QCOMPARE(previews.count(), 7);
  for (int i = 0; i < 7; ++i) {
    QCOMPARE(previews[i][2].toInt(), i + 1);  // step
    QCOMPARE(previews[i][3].toInt(), 7);      // total
    const QImage im = previews[i][1].value<QImage>();
    QCOMPARE(im.size(), QSize(16, 8));
    QCOMPARE(qRed(im.pixel(0, 0)), 10 * (i + 1));
  }
  QCOMPARE(progress.count(), 7);
  QCOMPARE(finished.count(), 1);
  // The final image replaces the previews in the window and lands in the history.
  const QImage shown = p->preview()->image();
  QCOMPARE(shown.size(), QSize(128, 64));
  QCOMPARE(shown.pixel(5, 5), qRgb(12, 200, 34));
  QCOMPARE(w.history()->entry(0).request.seed, int64_t(1234));
  QCOMPARE(w.history()->entry(0).request.prompt, std::string("a red fox"));
  QVERIFY(!w.messageArea()->isVisible());
  QTRY_VERIFY(!w.cancelButton()->isEnabled());
  // Saved automatically, with the request in the PNG text.
  const QString saved = w.history()->entry(0).savedPath;
  QCOMPARE(QFileInfo(saved).fileName(), QStringLiteral("txt2img-1234.png"));
  QImageReader reader(saved);
  QVERIFY(reader.text(QStringLiteral("ldm-request")).contains(QStringLiteral("a red fox")));
  // Batch count 2 with a fixed seed: seeds 1234 and 1235, two more history entries.
  p->samplerOptions()->batchCountBox()->setValue(2);
  QVERIFY(p->samplerOptions()->batchCount() == 2);
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 3, 10000);
  QCOMPARE(w.history()->entry(0).request.seed, int64_t(1235));
  QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("txt2img-1234-1.png"))));
  QCOMPARE(p->samplerOptions()->lastSeed(), int64_t(1235));
}

void TestGui::cancelStopsWithinOneStep() {
  FakeWindow f(20, QString());
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  p->promptEdit()->setPlainText(QStringLiteral("slow"));
  p->samplerOptions()->stepsBox()->setValue(1000);
  QSignalSpy cancelled(w.worker(), &EngineWorker::jobCancelled);
  w.generate();
  QTRY_VERIFY_WITH_TIMEOUT(backend->stepsDone.load() >= 3, 10000);
  QVERIFY(w.cancelButton()->isEnabled());
  QVERIFY(w.progressBar()->isVisible());
  QTRY_VERIFY(w.progressLabel()->text().contains(QStringLiteral("it/s")));
  QTest::mouseClick(w.cancelButton(), Qt::LeftButton);
  const int atCancel = backend->stepsDone.load();
  QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 5000);
  const int atStop = backend->stepsDone.load();
  QVERIFY2(atStop - atCancel <= 1, qPrintable(QStringLiteral("%1 -> %2").arg(atCancel).arg(atStop)));
  QCOMPARE(w.history()->count(), 0);
  QVERIFY(!w.messageArea()->isVisible());
  QTRY_VERIFY(!w.cancelButton()->isEnabled());
  // The last preview stays, marked as a cancelled run (not a result).
  QTRY_COMPARE(p->resultState(), TaskPanel::ResultState::Cancelled);
  QVERIFY(p->resultCaption().contains(QStringLiteral("Cancelled")));
  // The worker takes new jobs after a cancel.
  p->samplerOptions()->stepsBox()->setValue(2);
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
}

// The real Engine on the worker thread with the bundled text-to-image model (64x64): previews while it
// samples (of one kind, always one for the last step), then the final image; the preview of the last
// steps looks like the picture; Cancel during a long run stops within one step.
void TestGui::realEngineStreamsAndCancels() {
  QTemporaryDir out;
  MainWindow w;  // EngineBackend, the bundled model of the task
  w.setOutputFolder(out.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  p->promptEdit()->setPlainText(QStringLiteral("a blue square"));
  QCOMPARE(p->widthBox()->value(), 64);  // the bundled model's native size, from its description
  QCOMPARE(p->heightBox()->value(), 64);
  const int total = p->samplerOptions()->stepsBox()->value();  // the model's 20
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(11);
  QSignalSpy previews(w.worker(), &EngineWorker::previewReady);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  w.generate();
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || failed.count() == 1, 240000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QVERIFY(!previews.isEmpty());
  int previous = 0;
  for (const auto& pv : previews) {
    const int step = pv[2].toInt();
    QVERIFY(step > previous && step <= total);  // in order, within the run
    previous = step;
    QCOMPARE(pv[3].toInt(), total);
    QVERIFY(!pv[1].value<QImage>().isNull());
    QCOMPARE(pv[4].toBool(), previews[0][4].toBool());  // one kind of preview in the run (issue #25 item 5)
  }
  QCOMPARE(previous, total);  // the last step has one
  QTRY_COMPARE(w.history()->count(), 1);
  QCOMPARE(p->preview()->image().size(), QSize(64, 64));
  // The preview of the last steps looks like the picture: the last one before the final step, from the
  // last third of the run, has at least 20 dB PSNR against the final image.
  QImage last;
  int lastStep = 0;
  for (const auto& pv : previews) {
    if (pv[2].toInt() < total) {
      lastStep = pv[2].toInt();
      last = pv[1].value<QImage>().convertToFormat(QImage::Format_RGB888).scaled(64, 64);
    }
  }
  QVERIFY2(3 * lastStep >= 2 * total, qPrintable(QStringLiteral("the last preview before the end is of step %1 of %2").arg(lastStep).arg(total)));
  const QImage final = p->preview()->image().convertToFormat(QImage::Format_RGB888);
  double se = 0;
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 64; ++x) {
      const QRgb a = last.pixel(x, y), b = final.pixel(x, y);
      for (int d : {qRed(a) - qRed(b), qGreen(a) - qGreen(b), qBlue(a) - qBlue(b)}) se += double(d) * d;
    }
  }
  const double mse = se / (64 * 64 * 3);
  const double psnr = mse > 0 ? 10 * std::log10(255.0 * 255.0 / mse) : 99;
  qInfo("preview of step %d of %d vs final: %.1f dB PSNR (decoded previews: %d, %d previews)", lastStep, total, psnr,
        int(previews[0][4].toBool()), int(previews.count()));
  QVERIFY2(psnr >= 20, qPrintable(QString::number(psnr)));
  QVERIFY(w.history()->entry(0).modelName.contains(QStringLiteral("shapes-txt2img")));
  QVERIFY2(!w.statusBar()->currentMessage().contains(QStringLiteral("low memory")), qPrintable(w.statusBar()->currentMessage()));

  // Settings > Memory use > Low memory: the engine's parts take turns, the picture is the same, and
  // the status bar says how it ran.
  w.menuBar()->findChild<QAction*>(QStringLiteral("memory-low"))->trigger();
  QCOMPARE(w.memoryUse(), MemoryUse::Low);
  w.generate();
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2 || failed.count() == 1, 240000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QVERIFY(finished[1][0].value<JobResult>().lowMemory);
  QVERIFY(!finished[0][0].value<JobResult>().lowMemory);
  QCOMPARE(finished[1][0].value<JobResult>().images.at(0), finished[0][0].value<JobResult>().images.at(0));
  QTRY_VERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("low memory")));
  QTRY_COMPARE(w.history()->count(), 2);

  // Cancel after the second step of a 400-step job (the worker thread's own progress report, taken
  // as it is sent): the sampler stops within one step.
  p->samplerOptions()->stepsBox()->setValue(400);
  QSignalSpy cancelled(w.worker(), &EngineWorker::jobCancelled);
  std::atomic<int> stepAtCancel{-1}, stepReached{0};
  EngineWorker* worker = w.worker();
  connect(worker, &EngineWorker::progress, worker, [&](int, int step, int, double, double) {
    stepReached = step;
    if (stepAtCancel < 0 && step >= 2) {
      stepAtCancel = step;
      worker->cancel();
    }
  }, Qt::DirectConnection);
  w.generate();
  QTRY_VERIFY_WITH_TIMEOUT(cancelled.count() == 1 || failed.count() == 1, 240000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QCOMPARE(cancelled.count(), 1);
  QVERIFY(stepAtCancel >= 2);
  QVERIFY2(stepReached <= stepAtCancel + 1,
           qPrintable(QStringLiteral("step %1 after the cancel at %2").arg(stepReached.load()).arg(stepAtCancel.load())));
  QCOMPARE(w.history()->count(), 2);
  // Marked (the spy counts before the window's slot ran): greyed if a preview came, else captioned.
  QTRY_COMPARE(p->resultState(), TaskPanel::ResultState::Cancelled);
  QVERIFY2(p->resultCaption().contains(QStringLiteral("Cancelled at step")), qPrintable(p->resultCaption()));
}

void TestGui::engineErrorIsShown() {
  QTemporaryDir dir;
  const QString corrupt = dir.filePath(QStringLiteral("corrupt.ckpt"));
  {
    QFile f(corrupt);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a zip archive");
  }
  MainWindow w;  // EngineBackend
  w.setOutputFolder(dir.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  // A file that is not a model is refused when it is added, with the reason.
  QVERIFY(!w.addModel(corrupt));
  QVERIFY(w.messageArea()->isVisible());
  QVERIFY2(w.lastError().contains(QStringLiteral("corrupt.ckpt")), qPrintable(w.lastError()));
  for (int t = 0; t < w.tabs()->count(); ++t) {
    for (const CatalogEntry& e : w.modelsFor(w.panel(t)->task())) QVERIFY(e.path != QFileInfo(corrupt).absoluteFilePath());
  }
  // The real engine on the worker thread: an error reaches the window with its code. CUDA asked for
  // on a machine without it (the GUI does not offer it; the worker is driven directly here).
  SystemInfo system;
  {
    QSignalSpy info(w.worker(), &EngineWorker::systemInfoReady);
    w.worker()->querySystem();
    QTRY_VERIFY_WITH_TIMEOUT(!info.isEmpty(), 30000);
    system = info[0][0].value<SystemInfo>();
  }
  if (system.devices.size() > 1) QSKIP("this machine has a CUDA device");
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  GenerationRequest r;
  r.prompt = "a red circle";
  r.device = "cuda";
  w.worker()->submit(r);
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
  QCOMPARE(failed[0][2].value<ldm::ErrorCode>(), ldm::ErrorCode::NoCudaDevice);
  QTRY_VERIFY(w.messageArea()->isVisible());
  QTRY_VERIFY(!w.cancelButton()->isEnabled());
}

void TestGui::invalidFormShowsError() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.generate();  // empty prompt
  QVERIFY(w.messageArea()->isVisible());
  QVERIFY(!w.lastError().isEmpty());
  QVERIFY(!w.worker()->isBusy());
  w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("x"));
  const int multiple = ldm::describe_model(ldm::bundled_model_path(Task::Txt2Img)).size_multiple;
  QVERIFY(100 % multiple != 0);
  w.txt2imgPanel()->widthBox()->setValue(100);  // not a multiple of the model's
  w.generate();
  QVERIFY2(w.lastError().contains(QStringLiteral("multiples of %1").arg(multiple)), qPrintable(w.lastError()));
  QVERIFY(!w.worker()->isBusy());
  // The spin box itself refuses typed non-multiples and rounds them.
  SizeSpinBox* box = w.txt2imgPanel()->widthBox();
  box->setFocus();
  box->selectAll();
  QTest::keyClicks(box, QStringLiteral("515"));
  QTest::keyClick(box, Qt::Key_Return);
  QCOMPARE(box->value() % multiple, 0);
  w.tabs()->setCurrentIndex(MainWindow::InpaintTab);
  w.generate();  // no image
  QVERIFY(w.lastError().contains(QStringLiteral("image")));
}

void TestGui::dropModelAndImage() {
  QTemporaryDir dir;
  // A real model (the SD 2 inpainting fixture, copied with its config): the catalog asks the engine's
  // model description, which reads the config and the header only.
  const QString model = dir.filePath(QStringLiteral("my-model"));
  QVERIFY(QDir().mkpath(model));
  for (const char* f : {"model.safetensors", "config.yaml"})
    QVERIFY(QFile::copy(QStringLiteral(LDM_TEST_DATA_DIR "/sd2-inpaint-tiny/") + QLatin1String(f), model + "/" + f));
  const CatalogEntry info = ModelCatalog::identify(model);
  QVERIFY2(info.valid(), qPrintable(info.error));
  QCOMPARE(info.info.family, std::string("sd-inpaint"));
  QVERIFY(info.serves(Task::Inpaint) && !info.serves(Task::Txt2Img));
  // A file of random bytes named like a model is no model: identified as such, and refused when added.
  const QString junk = dir.filePath(QStringLiteral("junk.safetensors"));
  {
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
  }
  QVERIFY(!ModelCatalog::identify(junk).valid());
  const QString image = dir.filePath(QStringLiteral("photo.png"));
  QVERIFY(flat(40, 24, Qt::red).save(image));

  MainWindow w(std::make_unique<test::FakeBackend>());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  auto dropFiles = [&w](const QStringList& files) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& f : files) urls << QUrl::fromLocalFile(f);
    mime.setUrls(urls);
    const QPoint pos(w.width() / 2, w.height() / 2);
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
  };
  // Dropped on Text to image, an inpainting model goes to the tab that can use it.
  dropFiles({model});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::InpaintTab));
  QCOMPARE(w.modelBox()->currentData().toString(), QFileInfo(model).absoluteFilePath());
  QVERIFY(w.modelBox()->currentText().contains(QStringLiteral("inpaint")));
  // On the super-resolution tab an image drop goes to that tab.
  w.tabs()->setCurrentIndex(MainWindow::UpscaleTab);
  dropFiles({image});
  QCOMPARE(w.upscalePanel()->compareView()->before().size(), QSize(40, 24));
  // On text-to-image (no input image) it goes to inpainting.
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  dropFiles({image});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::InpaintTab));
  QCOMPARE(w.inpaintPanel()->canvas()->image().size(), QSize(40, 24));

  // A PNG carrying a generation request: its parameters come back in the tab of its task.
  GenerationRequest r;
  r.task = Task::Layout;
  r.steps = 33;
  r.sampler = "euler_a";
  r.seed = 4242;
  LayoutBox box;
  box.label = "Tortoise";
  box.x0 = 0.25f, box.y0 = 0.5f, box.x1 = 0.75f, box.y1 = 1.0f;
  r.boxes.push_back(box);
  const QString made = dir.filePath(QStringLiteral("made.png"));
  ldm::Image px = ldm::Image::blank(32, 32, 3, 90);
  ldm::save_png(made.toStdString(), px, ldm::generation_metadata(r));
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  dropFiles({made});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::LayoutTab));
  SamplerOptions* o = w.layoutPanel()->samplerOptions();
  QCOMPARE(o->stepsBox()->value(), 33);
  QCOMPARE(o->samplerBox()->currentData().toString(), QStringLiteral("euler_a"));
  QVERIFY(!o->randomSeedBox()->isChecked());
  QCOMPARE(o->seedBox()->value(), 4242);
  QCOMPARE(w.layoutPanel()->model()->rowCount(), 1);
  QCOMPARE(w.layoutPanel()->model()->box(0).label, QStringLiteral("Tortoise"));
  QCOMPARE(w.layoutPanel()->model()->box(0).rect, QRectF(QPointF(0.25, 0.5), QPointF(0.75, 1.0)));

  // A web UI picture names its model and its short hash. A model this machine has in a model folder but
  // the picker does not list joins the picker and is chosen; one it lacks is said in the status bar.
  const QString sd1 = dir.filePath(QStringLiteral("folder/dreamy-v2"));
  QVERIFY(QDir().mkpath(sd1));
  for (const char* f : {"model.safetensors", "config.yaml"})
    QVERIFY(QFile::copy(QStringLiteral(LDM_TEST_DATA_DIR "/sd1-tiny/") + QLatin1String(f), sd1 + "/" + f));
  qputenv("LDM_MODEL_PATH", QFile::encodeName(dir.filePath(QStringLiteral("folder"))));
  const std::string hash = ldm::sha256_of_file((sd1 + "/model.safetensors").toStdString()).substr(0, 10);
  auto webui = [&](const QString& name, const std::string& model) {
    const QString path = dir.filePath(name);
    ldm::save_png(path.toStdString(), px,
                  {{"parameters", "a cat\nSteps: 7, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 64x64, " + model}});
    return path;
  };
  dropFiles({webui(QStringLiteral("webui.png"), "Model hash: " + hash + ", Model: dreamy-v2")});
  qunsetenv("LDM_MODEL_PATH");
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
  QCOMPARE(w.modelBox()->currentData().toString(), sd1);
  QCOMPARE(w.txt2imgPanel()->samplerOptions()->stepsBox()->value(), 7);
  QVERIFY2(w.statusBar()->currentMessage().startsWith(QStringLiteral("Parameters restored from webui.png")) &&
               !w.statusBar()->currentMessage().contains(QStringLiteral("not here")),
           qPrintable(w.statusBar()->currentMessage()));
  dropFiles({webui(QStringLiteral("other.png"), "Model hash: 0123456789, Model: v1-5-pruned-emaonly")});
  QCOMPARE(w.modelBox()->currentData().toString(), sd1);  // the tab keeps its model
  QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("its model v1-5-pruned-emaonly is not here")),
           qPrintable(w.statusBar()->currentMessage()));
}

namespace {
std::unique_ptr<test::FakeBackend> fakeWithGpu() {
  auto fake = std::make_unique<test::FakeBackend>();
  fake->system.devices.push_back({"cuda", "NVIDIA H200", int64_t(139) << 30, {"fp32", "fp16", "bf16"}});
  return fake;
}
void choose(QComboBox* box, const QString& data) {
  const int i = box->findData(data);
  QVERIFY2(i >= 0, qPrintable(data));
  box->setCurrentIndex(i);
  Q_EMIT box->activated(i);
}
}  // namespace

void TestGui::settingsPersist() {
  QTemporaryDir dir;
  {
    MainWindow w(fakeWithGpu());
    QTRY_VERIFY(w.systemKnown());
    w.resize(1111, 777);
    w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("persisted prompt"));
    w.txt2imgPanel()->samplerOptions()->samplerBox()->setCurrentIndex(
        w.txt2imgPanel()->samplerOptions()->samplerBox()->findData(QStringLiteral("euler_a")));
    choose(w.deviceBox(), QStringLiteral("cuda"));
    choose(w.precisionBox(), QStringLiteral("fp16"));
    w.setOutputFolder(dir.path());
    w.tabs()->setCurrentIndex(MainWindow::LayoutTab);
    // Each tab's own fields (TaskPanel::persist).
    w.txt2imgPanel()->hiresGroup()->setChecked(true);
    w.txt2imgPanel()->hiresUpscalerBox()->setCurrentIndex(w.txt2imgPanel()->hiresUpscalerBox()->findData(QStringLiteral("bicubic")));
    w.txt2imgPanel()->hiresStepsBox()->setValue(7);
    w.upscalePanel()->tileBox()->setValue(128);
    w.upscalePanel()->matchInputBox()->setChecked(false);
    w.inpaintPanel()->softnessSlider()->setValue(33);
    w.img2imgPanel()->strengthBox()->setValue(0.42);
    w.saveSettings();
  }
  MainWindow w(fakeWithGpu());
  QTRY_VERIFY(w.systemKnown());
  QVERIFY(w.txt2imgPanel()->hiresGroup()->isChecked());
  QCOMPARE(w.txt2imgPanel()->hiresUpscalerBox()->currentData().toString(), QStringLiteral("bicubic"));
  QCOMPARE(w.txt2imgPanel()->hiresStepsBox()->value(), 7);
  QCOMPARE(w.upscalePanel()->tileBox()->value(), 128);
  QVERIFY(!w.upscalePanel()->matchInputBox()->isChecked());
  QCOMPARE(w.inpaintPanel()->softnessSlider()->value(), 33);
  QCOMPARE(w.img2imgPanel()->strengthBox()->value(), 0.42);
  QCOMPARE(w.txt2imgPanel()->promptEdit()->toPlainText(), QStringLiteral("persisted prompt"));
  QCOMPARE(w.txt2imgPanel()->samplerOptions()->samplerBox()->currentData().toString(), QStringLiteral("euler_a"));
  QCOMPARE(w.deviceBox()->currentData().toString(), QStringLiteral("cuda"));
  QCOMPARE(w.precisionBox()->currentData().toString(), QStringLiteral("fp16"));
  QCOMPARE(w.outputFolder(), dir.path());
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::LayoutTab));
  QCOMPARE(w.size(), QSize(1111, 777));
}

// Settings > Memory use: each job carries the mode chosen when it was queued; the choice and "Save
// results automatically" come back after a restart, in the menu as in what the window does.
void TestGui::i21_memoryUseReachesTheWorkerAndPersists() {
  QTemporaryDir out;
  {
    FakeWindow f(1);
    MainWindow& w = *f.window;
    QCOMPARE(w.memoryUse(), MemoryUse::Auto);
    QVERIFY(w.menuBar()->findChild<QAction*>(QStringLiteral("memory-auto"))->isChecked());
    w.generate();
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
    QCOMPARE(f.backend->lastMemory.load(), MemoryUse::Auto);
    w.menuBar()->findChild<QAction*>(QStringLiteral("memory-keep"))->trigger();
    QCOMPARE(w.memoryUse(), MemoryUse::Keep);
    w.generate();
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 2, 10000);
    QCOMPARE(f.backend->lastMemory.load(), MemoryUse::Keep);
    w.menuBar()->findChild<QAction*>(QStringLiteral("memory-low"))->trigger();
    QVERIFY(!w.menuBar()->findChild<QAction*>(QStringLiteral("memory-keep"))->isChecked());  // one at a time
    w.generate();
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 3, 10000);
    QCOMPARE(f.backend->lastMemory.load(), MemoryUse::Low);
    QTRY_VERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("low memory")));
    w.menuBar()->findChild<QAction*>(QStringLiteral("autoSave"))->trigger();  // off
    w.setOutputFolder(out.path());
    w.saveSettings();
  }
  FakeWindow f(1);
  MainWindow& w = *f.window;
  QCOMPARE(w.memoryUse(), MemoryUse::Low);
  QVERIFY(w.menuBar()->findChild<QAction*>(QStringLiteral("memory-low"))->isChecked());
  QVERIFY(!w.menuBar()->findChild<QAction*>(QStringLiteral("memory-auto"))->isChecked());
  // Saving was turned off: the menu says so and a new picture is not written.
  QVERIFY(!w.menuBar()->findChild<QAction*>(QStringLiteral("autoSave"))->isChecked());
  w.setOutputFolder(out.path());
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  QCOMPARE(f.backend->lastMemory.load(), MemoryUse::Low);
  QVERIFY(w.history()->entry(0).savedPath.isEmpty());
  QVERIFY(QDir(out.path()).entryList(QDir::Files).isEmpty());
  w.setMemoryUse(MemoryUse::Keep);
  QVERIFY(w.menuBar()->findChild<QAction*>(QStringLiteral("memory-keep"))->isChecked());
}

void TestGui::saveNeverOverwrites() {
  QTemporaryDir dir;
  GenerationRequest r;
  r.seed = 7;
  const QString wanted = QDir(dir.path()).filePath(resultBaseName(r) + QStringLiteral(".png"));
  QCOMPARE(QFileInfo(wanted).fileName(), QStringLiteral("txt2img-7.png"));
  QString error;
  QVERIFY(saveResultImage(flat(8, 8, Qt::red), wanted, &r, &error));
  QVERIFY(!saveResultImage(flat(8, 8, Qt::blue), wanted, &r, &error));  // exists: refused
  QVERIFY(!error.isEmpty());
  QCOMPARE(QImage(wanted).pixel(0, 0), qRgb(255, 0, 0));
  // The window's way: the name, or the next free one; the request goes with the picture.
  const QString second = saveResultImageAs(flat(8, 8, Qt::blue), wanted, &r, &error);
  QCOMPARE(QFileInfo(second).fileName(), QStringLiteral("txt2img-7-1.png"));
  QCOMPARE(QImage(second).pixel(0, 0), qRgb(0, 0, 255));
  QCOMPARE(QImage(wanted).pixel(0, 0), qRgb(255, 0, 0));
  QVERIFY(QImageReader(second).text(QStringLiteral("ldm-request")).contains(QStringLiteral("\"seed\": 7")) ||
          QImageReader(second).text(QStringLiteral("ldm-request")).contains(QStringLiteral("\"seed\":7")));
  // A name another writer has taken (another window, the CLI) is skipped and its file left as it was
  // (the retry when it is taken during the write is core's write_file_unique, tests/imaging).
  QFile other(QDir(dir.path()).filePath(QStringLiteral("txt2img-7-2.png")));
  QVERIFY(other.open(QIODevice::WriteOnly));
  other.write("not mine");
  other.close();
  const QString third = saveResultImageAs(flat(8, 8, Qt::green), wanted, &r, &error);
  QCOMPARE(QFileInfo(third).fileName(), QStringLiteral("txt2img-7-3.png"));
  QVERIFY(other.open(QIODevice::ReadOnly));
  QCOMPARE(other.readAll(), QByteArray("not mine"));
  // Other formats the same way; a folder that cannot be written is an error, not a silent loss.
  QCOMPARE(QFileInfo(saveResultImageAs(flat(8, 8, Qt::green), QDir(dir.path()).filePath(QStringLiteral("a.jpg")), nullptr, &error)).fileName(),
           QStringLiteral("a.jpg"));
  QCOMPARE(QFileInfo(saveResultImageAs(flat(8, 8, Qt::green), QDir(dir.path()).filePath(QStringLiteral("a.jpg")), nullptr, &error)).fileName(),
           QStringLiteral("a-1.jpg"));
  error.clear();
  QVERIFY(saveResultImageAs(flat(8, 8, Qt::green), QStringLiteral("/proc/ldm-no-such-dir/x.png"), &r, &error).isEmpty());
  QVERIFY(!error.isEmpty());
}

void TestGui::screenshotsOfEveryTab() {
  QTemporaryDir dir;
  MainWindow w(std::make_unique<test::FakeBackend>());
  w.resize(1200, 800);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  const QStringList files = w.saveScreenshots(dir.path());
  QCOMPARE(files.size(), w.tabs()->count());
  QCOMPARE(files.size(), 6);
  for (const QString& f : files) {
    const QImage im(f);
    QVERIFY2(!im.isNull(), qPrintable(f));
    QVERIFY(im.width() >= 1200 && im.height() >= 800);
  }
}

void TestGui::translationsLoad() {
  for (const char* lang : {"zh_CN", "de"}) {
    QTranslator t;
    QVERIFY2(t.load(QStringLiteral(":/i18n/ldm_studio_%1.qm").arg(QLatin1String(lang))), lang);
    const QString s = t.translate("ldm::ui::MainWindow", "&Text to image");
    QVERIFY2(!s.isEmpty() && s != QStringLiteral("&Text to image"), lang);
  }
  installTranslations(QStringLiteral("de"));
  MainWindow w(std::make_unique<test::FakeBackend>());
  QVERIFY(w.tabs()->tabText(MainWindow::InpaintTab) != QStringLiteral("&Inpaint"));
  const auto steps = [](int n) { return QCoreApplication::translate("ldm::ui::SamplerOptions", "%n step(s), %1", nullptr, n); };
  QCOMPARE(steps(1), QStringLiteral("1 Schritt, %1"));
  QCOMPARE(steps(20), QStringLiteral("20 Schritte, %1"));
  // English says its plurals too, not "step(s)" (translations/ldm_studio_en.ts); so does a language
  // without a translation of its own, which shows the English text.
  for (const char* lang : {"en", "fr"}) {
    installTranslations(QLatin1String(lang));
    QCOMPARE(steps(1), QStringLiteral("1 step, %1"));
    QCOMPARE(steps(20), QStringLiteral("20 steps, %1"));
    QCOMPARE(QCoreApplication::translate("ldm::ui::MainWindow", "Queued %n image(s)", nullptr, 2), QStringLiteral("Queued 2 images"));
  }
  installTranslations(QStringLiteral("en"));
}

// ---- Issue #25: one test per defect ------------------------------------------------------------

namespace {
QString bundledPath(Task task) { return QFileInfo(QString::fromStdString(ldm::bundled_model_path(task))).absoluteFilePath(); }
QStringList boxPaths(QComboBox* box) {
  QStringList out;
  for (int i = 0; i < box->count(); ++i) out << box->itemData(i).toString();
  return out;
}
void typeInto(QWidget* w, const QString& text) {
  w->setFocus();
  QTest::keyClick(w, Qt::Key_A, Qt::ControlModifier);
  QTest::keyClicks(w, text);
}
}  // namespace


// Captures what QDesktopServices would open.
class UrlCatcher : public QObject {
  Q_OBJECT
 public:
  QList<QUrl> urls;
 public Q_SLOTS:
  void open(const QUrl& url) { urls << url; }
};

// 1. Every tab shows its model's own settings on first start and when the model changes; stored
// values the model cannot use are replaced, and the status bar says so. The bundled models' settings
// (MODEL_CARD / issue): 64x64, 20 steps, DPM++ 2M, CFG 4; the upscaler: strength 0.5, from the input,
// matched. The reference SD 1.x procedure (CompVis scripts/txt2img.py): DDIM, 50 steps, scale 7.5.
void TestGui::i01_settingsFollowTheModel() {
  {
    MainWindow w(std::make_unique<test::FakeBackend>());
    for (SizeSpinBox* b : {w.txt2imgPanel()->widthBox(), w.txt2imgPanel()->heightBox(), w.layoutPanel()->widthBox(),
                           w.layoutPanel()->heightBox()})
      QCOMPARE(b->value(), 64);
    for (int tab = 0; tab < w.tabs()->count(); ++tab) {
      if (ldm::bundled_model_path(w.panel(tab)->task()).empty()) continue;  // a bundled model still to come
      SamplerOptions* o = w.panel(tab)->samplerOptions();
      QCOMPARE(o->stepsBox()->value(), 20);
      QCOMPARE(o->samplerBox()->currentData().toString(), QStringLiteral("dpmpp_2m"));
      if (tab != MainWindow::UpscaleTab && o->cfgBox()) QCOMPARE(o->cfgBox()->value(), 4.0);  // semantic: unguided, no box
    }
    QCOMPARE(w.upscalePanel()->strengthBox()->value(), 0.5);
    QVERIFY(w.upscalePanel()->startFromInputBox()->isChecked());
    QVERIFY(w.upscalePanel()->matchInputBox()->isChecked());
    // The tab in view says its model's settings; the other tabs' defaults are not listed (a first start
    // printed all six tabs' lines, cut off by the status bar's width).
    QVERIFY2(w.statusBar()->currentMessage().startsWith(QStringLiteral("Text to image: settings of the model shapes-txt2img")) &&
                 !w.statusBar()->currentMessage().contains(QStringLiteral("shapes-inpaint")),
             qPrintable(w.statusBar()->currentMessage()));
  }
  {  // What is shown is what runs.
    auto fake = std::make_unique<test::FakeBackend>(1);
    test::FakeBackend* backend = fake.get();
    QTemporaryDir out;
    MainWindow w(std::move(fake));
    w.setOutputFolder(out.path());
    w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("a red circle"));
    w.generate();
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
    std::lock_guard<std::mutex> lock(backend->mutex);
    QCOMPARE(backend->lastRequest.width, 64);
    QCOMPARE(backend->lastRequest.steps, 20);
    QCOMPARE(backend->lastRequest.sampler, std::string("dpmpp_2m"));
    QCOMPARE(backend->lastRequest.cfg_scale, 4.0);
    QCOMPARE(QFileInfo(QString::fromStdString(backend->lastRequest.model)).fileName(), QStringLiteral("shapes-txt2img"));
  }
  // Stored for this model: kept, except a size the model cannot use (not a multiple of 16).
  {
    QSettings s;
    s.setValue(QStringLiteral("txt2img/model"), bundledPath(Task::Txt2Img));
    s.setValue(QStringLiteral("txt2img/width"), 100);
    s.setValue(QStringLiteral("txt2img/height"), 64);
    s.setValue(QStringLiteral("txt2img/sampler/steps"), 33);
  }
  {
    MainWindow w(std::make_unique<test::FakeBackend>());
    QCOMPARE(w.txt2imgPanel()->samplerOptions()->stepsBox()->value(), 33);
    QCOMPARE(w.txt2imgPanel()->widthBox()->value(), 64);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("100")), qPrintable(w.statusBar()->currentMessage()));
  }
  // Settings of an older version (no model recorded with them, e.g. 512x512 and 50 steps): the model's.
  {
    QSettings s;
    s.remove(QStringLiteral("txt2img/model"));
    s.setValue(QStringLiteral("txt2img/width"), 512);
    s.setValue(QStringLiteral("txt2img/height"), 512);
    s.setValue(QStringLiteral("txt2img/sampler/steps"), 50);
  }
  {
    MainWindow w(std::make_unique<test::FakeBackend>());
    QCOMPARE(w.txt2imgPanel()->widthBox()->value(), 64);
    QCOMPARE(w.txt2imgPanel()->samplerOptions()->stepsBox()->value(), 20);
    // Another model: its reference procedure and native size.
    QTemporaryDir dir;
    const QString sd1 = dir.filePath(QStringLiteral("sd1-tiny"));
    QVERIFY(QDir().mkpath(sd1));
    for (const char* f : {"model.safetensors", "config.yaml"})
      QVERIFY(QFile::copy(QStringLiteral(LDM_TEST_DATA_DIR "/sd1-tiny/") + QLatin1String(f), sd1 + "/" + f));
    QVERIFY(w.addModel(sd1));
    QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
    SamplerOptions* o = w.txt2imgPanel()->samplerOptions();
    QCOMPARE(o->stepsBox()->value(), 50);
    QCOMPARE(o->samplerBox()->currentData().toString(), QStringLiteral("ddim"));
    QCOMPARE(o->cfgBox()->value(), 7.5);
    // Eta is DDIM's alone: its row shows for DDIM and is hidden for the others (it showed a stale,
    // disabled value that did nothing).
    auto etaRowShown = [o] {
      for (int row = 0; row < o->form()->rowCount(); ++row) {
        const QLayoutItem* label = o->form()->itemAt(row, QFormLayout::LabelRole);
        if (label && label->widget() && qobject_cast<QLabel*>(label->widget())->text() == QCoreApplication::translate("ldm::ui::SamplerOptions", "&Eta:"))
          return o->form()->isRowVisible(row);
      }
      return false;
    };
    QVERIFY(etaRowShown());
    o->samplerBox()->setCurrentIndex(o->samplerBox()->findData(QStringLiteral("dpmpp_2m")));
    QVERIFY(!etaRowShown());
    o->samplerBox()->setCurrentIndex(o->samplerBox()->findData(QStringLiteral("ddim")));
    QVERIFY(etaRowShown());
    const ldm::ModelInfo info = ldm::describe_model(sd1.toStdString());
    QCOMPARE(w.txt2imgPanel()->widthBox()->value(), info.native_width);
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("sd1-tiny")));
    // Back to the bundled model through the picker: its settings again.
    const int i = w.modelBox()->findData(bundledPath(Task::Txt2Img));
    QVERIFY(i >= 0);
    w.modelBox()->setCurrentIndex(i);
    Q_EMIT w.modelBox()->activated(i);
    QCOMPARE(o->stepsBox()->value(), 20);
    QCOMPARE(w.txt2imgPanel()->widthBox()->value(), 64);
  }
}

// 2. The suite runs in a home of its own inside the build folder (tests/gui/tests.cmake); what the
// window saves by default lands there.
void TestGui::i02_isolatedFromUserHome() {
  if (qEnvironmentVariableIsEmpty("LDM_TEST_HOME")) QSKIP("run through CTest, which gives the suite a home of its own");
  const QString build = QDir(QStringLiteral(LDM_BUILD_DIR)).canonicalPath() + QLatin1Char('/');
  auto inside = [&](const QString& path) {
    QDir().mkpath(path);
    return QDir(path).canonicalPath().startsWith(build);
  };
  QVERIFY2(inside(QDir::homePath()), qPrintable(QDir::homePath()));
  QVERIFY2(inside(QDir::tempPath()), qPrintable(QDir::tempPath()));
  for (auto location : {QStandardPaths::PicturesLocation, QStandardPaths::GenericConfigLocation, QStandardPaths::AppDataLocation,
                        QStandardPaths::GenericDataLocation, QStandardPaths::CacheLocation}) {
    const QString path = QStandardPaths::writableLocation(location);
    QVERIFY2(inside(path), qPrintable(path));
  }
  QVERIFY2(QFileInfo(QSettings().fileName()).absoluteFilePath().startsWith(build), qPrintable(QSettings().fileName()));
  // The default output folder: a picture saved without an Output folder set goes into the build folder.
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  QVERIFY(inside(MainWindow::defaultOutputFolder()));
  w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("a blue square"));
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  const QString saved = w.history()->entry(0).savedPath;
  QVERIFY2(QFileInfo(saved).canonicalFilePath().startsWith(build), qPrintable(saved));
  QFile::remove(saved);
}

// 3. Chinese text renders with real glyphs: every glyph of a translated label has a glyph in the font
// that draws it (glyph 0 is the font's "missing" box).
void TestGui::i03_chineseRendersWithRealGlyphs() {
  installTranslations(QStringLiteral("zh_CN"));
  MainWindow w(std::make_unique<test::FakeBackend>());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  const QString title = w.tabs()->tabText(MainWindow::TextToImageTab);
  installTranslations(QStringLiteral("en"));
  int cjk = 0;
  for (QChar c : title) cjk += c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF;
  QVERIFY2(cjk >= 2, qPrintable(title));
  QTextLayout layout(title, w.tabs()->font());
  layout.beginLayout();
  layout.createLine();
  layout.endLayout();
  int glyphs = 0;
  for (const QGlyphRun& run : layout.glyphRuns()) {
    const QRawFont font = run.rawFont();
    for (quint32 g : run.glyphIndexes()) {
      QVERIFY2(g != 0, qPrintable(QStringLiteral("a missing glyph in %1 (font %2)").arg(title, font.familyName())));
      ++glyphs;
    }
  }
  QVERIFY(glyphs >= cjk);
  // And the font that draws them says it has them.
  bool covered = false;
  for (const QGlyphRun& run : layout.glyphRuns()) covered |= run.rawFont().supportsCharacter(QChar(0x6587));  // 文
  QVERIFY(covered || !title.contains(QChar(0x6587)));
}

// 4. Engine errors come with a code; the window says what to do with its own controls, translated.
void TestGui::i04_errorsNameTheControl() {
  GenerationRequest r;
  r.task = Task::Txt2Img;
  r.width = r.height = 64;
  r.precision = "fp16";
  MainWindow en(std::make_unique<test::FakeBackend>());
  const QList<QPair<ldm::ErrorCode, QString>> control = {
      {ldm::ErrorCode::NoCudaDevice, QStringLiteral("Device")},  {ldm::ErrorCode::PrecisionUnsupported, QStringLiteral("Precision")},
      {ldm::ErrorCode::WrongModelForTask, QStringLiteral("Model")}, {ldm::ErrorCode::NoModel, QStringLiteral("Model")},
      {ldm::ErrorCode::InvalidSize, QStringLiteral("Size")},     {ldm::ErrorCode::OutOfMemory, QStringLiteral("Size")},
      {ldm::ErrorCode::BadFile, QStringLiteral("Model")}};
  for (const auto& [code, name] : control) {
    const QString s = en.explainError(code, QStringLiteral("engine words: use --device cpu"), r);
    QVERIFY2(s.contains(name), qPrintable(s));
    if (code != ldm::ErrorCode::BadFile) QVERIFY2(!s.contains(QStringLiteral("--")), qPrintable(s));  // no CLI options
  }
  // Out of memory: the memory setting is suggested only where it can help; the engine's figures are kept.
  const QString oom = en.explainError(ldm::ErrorCode::OutOfMemory, QString(), r);
  QVERIFY2(oom.contains(QStringLiteral("Low memory")) && !oom.contains(QStringLiteral("Device")), qPrintable(oom));  // one device here
  const QString tooLarge = en.explainError(
      ldm::ErrorCode::TooLargeForMemory,
      QStringLiteral("out of memory for 8 images of 16384x16384 on the CPU (about 58.0 GB needed, 24.6 GB free): try a smaller size or batch"), r);
  QVERIFY2(tooLarge.contains(QStringLiteral("Size")) && tooLarge.contains(QStringLiteral("Batch")), qPrintable(tooLarge));
  QVERIFY2(tooLarge.contains(QStringLiteral("about 58.0 GB needed, 24.6 GB free")), qPrintable(tooLarge));
  QVERIFY2(!tooLarge.contains(QStringLiteral("Low memory")) && !tooLarge.contains(QStringLiteral("Device")), qPrintable(tooLarge));
  // In German, from the engine through the worker to the banner.
  installTranslations(QStringLiteral("de"));
  FakeWindow f(5);
  MainWindow& w = *f.window;
  f.backend->failMessage = "no CUDA device is available: use the CPU";
  f.backend->failCode = ldm::ErrorCode::NoCudaDevice;
  w.generate();
  QTRY_VERIFY(w.messageArea()->isVisibleTo(&w));
  const QString shown = w.messageLabel()->text();
  const QString device = QCoreApplication::translate("ldm::ui::MainWindow", "&Device:").remove(QLatin1Char('&')).remove(QLatin1Char(':'));
  installTranslations(QStringLiteral("en"));
  QVERIFY2(device != QStringLiteral("Device"), qPrintable(device));  // the German word
  QVERIFY2(shown.contains(device), qPrintable(shown));
  QVERIFY2(!shown.contains(QStringLiteral("no CUDA device")), qPrintable(shown));  // not the engine's English
  QVERIFY(w.messageLabel()->toolTip().contains(QStringLiteral("no CUDA device")));  // the details stay at hand
}

void TestGui::i04_devicesOfferOnlyWhatRuns() {
  {
    MainWindow w(std::make_unique<test::FakeBackend>());  // a CPU-only machine
    QTRY_VERIFY(w.systemKnown());
    QCOMPARE(boxPaths(w.deviceBox()), QStringList{QStringLiteral("cpu")});
    QCOMPARE(boxPaths(w.precisionBox()), (QStringList{QStringLiteral("fp32"), QStringLiteral("bf16")}));
  }
  MainWindow w(fakeWithGpu());
  QTRY_VERIFY(w.systemKnown());
  QCOMPARE(boxPaths(w.deviceBox()), (QStringList{QStringLiteral("cpu"), QStringLiteral("cuda")}));
  const QString gpu = w.deviceBox()->itemText(1);
  QVERIFY2(gpu.contains(QStringLiteral("NVIDIA H200")) && gpu.contains(QStringLiteral("139 GiB")), qPrintable(gpu));
  QVERIFY(!boxPaths(w.precisionBox()).contains(QStringLiteral("fp16")));  // on the CPU
  choose(w.deviceBox(), QStringLiteral("cuda"));
  QVERIFY(boxPaths(w.precisionBox()).contains(QStringLiteral("fp16")));
  choose(w.precisionBox(), QStringLiteral("fp16"));
  choose(w.deviceBox(), QStringLiteral("cpu"));
  QVERIFY(!boxPaths(w.precisionBox()).contains(QStringLiteral("fp16")));
  QCOMPARE(w.precisionBox()->currentData().toString(), QStringLiteral("fp32"));
}

void TestGui::i04_staleMessagesClear() {
  FakeWindow f(20);
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  backend->failMessage = "out of memory";
  backend->failCode = ldm::ErrorCode::OutOfMemory;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  w.generate();
  QTRY_COMPARE(failed.count(), 1);
  QTRY_VERIFY(w.messageArea()->isVisible());
  QCOMPARE(w.statusBar()->currentMessage(), QStringLiteral("Failed"));
  QTRY_VERIFY(!w.worker()->isBusy());
  backend->failCode = ldm::ErrorCode::Unspecified;
  // The next action clears the banner and the "Failed" status at once.
  p->samplerOptions()->stepsBox()->setValue(1000);
  w.generate();
  QVERIFY(!w.messageArea()->isVisible());
  QVERIFY(w.statusBar()->currentMessage() != QStringLiteral("Failed"));
  QTRY_VERIFY_WITH_TIMEOUT(backend->stepsDone.load() >= 2, 10000);
  w.cancel();
  QTRY_COMPARE(w.statusBar()->currentMessage(), QStringLiteral("Cancelled"));
  QTRY_VERIFY(!w.worker()->isBusy());
  p->samplerOptions()->stepsBox()->setValue(2);
  w.generate();
  QVERIFY(w.statusBar()->currentMessage() != QStringLiteral("Cancelled"));
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  QVERIFY(!w.messageArea()->isVisible());
}

// 5. One kind of preview per run, even when the engine sent two; a cancelled run's last preview is
// marked (caption, greyed), not left looking like a result.
void TestGui::i05_oneKindOfPreviewAndCancelledMark() {
  FakeWindow f(10);
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  backend->alternatePreviews = true;  // odd steps "decoded", even steps "projected"
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  p->samplerOptions()->stepsBox()->setValue(6);
  QList<QPair<int, int>> shown;  // (step, grey level in the pane) right after each preview arrived
  connect(w.worker(), &EngineWorker::previewReady, &w, [&](int, const QImage&, int step, int, bool) {
    shown.append({step, qRed(p->resultImage().pixel(0, 0))});
  });
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  QCOMPARE(shown.size(), 6);
  for (const auto& [step, grey] : shown) {
    const int lastDecoded = step % 2 == 1 ? step : step - 1;  // the first preview (step 1) was decoded
    QCOMPARE(grey, 10 * lastDecoded);
  }
  // Cancelled after the third step: the pane keeps that preview, greyed and captioned as cancelled.
  backend->alternatePreviews = false;
  p->samplerOptions()->stepsBox()->setValue(1000);
  bool cancelled = false;
  connect(w.worker(), &EngineWorker::previewReady, &w, [&](int, const QImage&, int step, int, bool) {
    if (step == 3 && !cancelled) {
      cancelled = true;
      w.cancel();
    }
  });
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(p->resultState(), TaskPanel::ResultState::Cancelled, 10000);
  // Cancelled while step 3 or 4 ran: the caption names the step of the preview it shows.
  QVERIFY2(p->resultCaption().contains(QStringLiteral("Cancelled at step")) && p->resultCaption().contains(QStringLiteral("of 1000")),
           qPrintable(p->resultCaption()));
  QCOMPARE(p->preview()->caption(), p->resultCaption());
  const QRgb px = p->preview()->image().pixel(0, 0);
  QVERIFY(qRed(px) == qGreen(px) && qGreen(px) == qBlue(px));
  QVERIFY2(qRed(px) != 30, "the cancelled preview looks different from the preview itself");
  QCOMPARE(w.history()->count(), 1);
}

// 7. The label field is the next box's label; selecting a box shows its label, editing then relabels
// that box; unknown labels are marked and block generation; the table's label cells complete; undo and
// redo cover create, move, resize, relabel, delete.
void TestGui::i07_layoutLabelFieldAndUndo() {
  QTemporaryDir out;
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  w.setOutputFolder(out.path());
  w.resize(1400, 900);
  w.show();
  w.tabs()->setCurrentIndex(MainWindow::LayoutTab);
  QVERIFY(QTest::qWaitForWindowActive(&w));
  LayoutPanel* panel = w.layoutPanel();
  LayoutBoxModel* model = panel->model();
  LayoutCanvas* canvas = panel->canvas();
  QVERIFY(model->classNames().contains(QStringLiteral("red circle")));  // the bundled layout model's classes
  QLineEdit* field = panel->labelBox()->lineEdit();
  const QRectF area = canvas->imageRect();
  auto at = [&](double x, double y) { return (area.topLeft() + QPointF(x * area.width(), y * area.height())).toPoint(); };

  typeInto(field, QStringLiteral("red circle"));
  drag(canvas, at(0.1, 0.1), at(0.4, 0.4));
  QCOMPARE(model->count(), 1);
  QCOMPARE(model->box(0).label, QStringLiteral("red circle"));
  QVERIFY(panel->labelCaption()->text().contains(QStringLiteral("1")));
  // Deselect (a click beside the boxes), type the next box's label: box 1 keeps its own.
  QTest::mouseClick(canvas, Qt::LeftButton, {}, at(0.8, 0.2));
  QCOMPARE(canvas->currentRow(), -1);
  QVERIFY(panel->labelCaption()->text().contains(QStringLiteral("next")));
  typeInto(field, QStringLiteral("yellow star"));
  QCOMPARE(model->box(0).label, QStringLiteral("red circle"));
  // A click on box 1 shows its label, and the next box drawn gets what the field shows.
  QTest::mouseClick(canvas, Qt::LeftButton, {}, at(0.25, 0.25));
  QCOMPARE(canvas->currentRow(), 0);
  QCOMPARE(panel->labelBox()->currentText(), QStringLiteral("red circle"));
  drag(canvas, at(0.6, 0.6), at(0.9, 0.9));
  QCOMPARE(model->count(), 2);
  QCOMPARE(model->box(1).label, QStringLiteral("red circle"));
  // Box 2 is selected: editing the field relabels it (only it).
  typeInto(field, QStringLiteral("blue square"));
  QCOMPARE(model->box(1).label, QStringLiteral("blue square"));
  QCOMPARE(model->box(0).label, QStringLiteral("red circle"));
  // An unknown label: marked in the field and the table, and generation refuses with a message.
  typeInto(field, QStringLiteral("purple unicorn"));
  QCOMPARE(model->box(1).label, QStringLiteral("purple unicorn"));
  QVERIFY(!panel->labelFieldValid());
  QVERIFY(panel->labelBox()->toolTip().contains(QStringLiteral("purple unicorn")));
  QVERIFY(model->data(model->index(1, LayoutBoxModel::Label), Qt::ForegroundRole).isValid());
  QVERIFY(!model->data(model->index(0, LayoutBoxModel::Label), Qt::ForegroundRole).isValid());
  QSignalSpy started(w.worker(), &EngineWorker::jobStarted);
  w.generate();
  QVERIFY(w.messageArea()->isVisible());
  QVERIFY2(w.lastError().contains(QStringLiteral("purple unicorn")) && w.lastError().contains(QStringLiteral("2")), qPrintable(w.lastError()));
  QVERIFY(!w.worker()->isBusy());
  // The table's label cells complete the class names.
  panel->table()->edit(model->index(0, LayoutBoxModel::Label));
  auto* editor = panel->table()->viewport()->findChild<QLineEdit*>();
  QVERIFY(editor && editor->completer());
  QCOMPARE(editor->completer()->model()->rowCount(), int(model->classNames().size()));
  QCOMPARE(editor->completer()->filterMode(), Qt::MatchContains);
  panel->table()->closePersistentEditor(model->index(0, LayoutBoxModel::Label));
  QTest::keyClick(panel->table(), Qt::Key_Escape);

  // Undo (Ctrl+Z in the tab) walks back: relabel (the whole typing is one step), then creation of box 2.
  canvas->setFocus();
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(model->box(1).label, QStringLiteral("red circle"));
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(model->count(), 1);
  QTest::keyClick(canvas, Qt::Key_Y, Qt::ControlModifier);  // redo
  QCOMPARE(model->count(), 2);
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo, the other key
  QCOMPARE(model->box(1).label, QStringLiteral("purple unicorn"));
  // Move, resize and delete, each undone.
  canvas->selectRow(0);
  const QRectF before = model->box(0).rect;
  drag(canvas, at(0.25, 0.25), at(0.35, 0.3));
  QVERIFY(model->box(0).rect != before);
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(model->box(0).rect, before);
  const QPoint corner = canvas->normToWidget(before.bottomRight()).toPoint();
  drag(canvas, corner, corner + QPoint(30, 20));
  QVERIFY(model->box(0).rect.bottomRight() != before.bottomRight());
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(model->box(0).rect, before);
  canvas->selectRow(0);
  QTest::keyClick(canvas, Qt::Key_Delete);
  QCOMPARE(model->count(), 1);
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(model->count(), 2);
  QCOMPARE(model->box(0).label, QStringLiteral("red circle"));
  QCOMPARE(model->box(0).rect, before);
}

// 8. The Output field shows where pictures go, the status bar names the saved file, and the
// history's context menu opens the folder.
void TestGui::i08_outputFolderShownAndSavedPathReported() {
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  QCOMPARE(w.outputEdit()->text(), QString());
  QCOMPARE(w.outputEdit()->placeholderText(), MainWindow::defaultOutputFolder());
  QCOMPARE(w.outputFolder(), MainWindow::defaultOutputFolder());
  QTemporaryDir out;
  w.setOutputFolder(out.path());
  w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("a green star"));
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  const QString saved = w.history()->entry(0).savedPath;
  QVERIFY(QFileInfo::exists(saved));
  QVERIFY2(w.statusBar()->currentMessage().contains(QDir::toNativeSeparators(saved)), qPrintable(w.statusBar()->currentMessage()));
  UrlCatcher catcher;
  QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
  std::unique_ptr<QMenu> menu(w.history()->createContextMenu(0, nullptr));
  menu->findChild<QAction*>(QStringLiteral("openFolder"))->trigger();
  menu->findChild<QAction*>(QStringLiteral("reveal"))->trigger();
  menu->findChild<QAction*>(QStringLiteral("open"))->trigger();
  QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
  QCOMPARE(catcher.urls.size(), 3);
  QCOMPARE(QFileInfo(catcher.urls[0].toLocalFile()).canonicalFilePath(), QFileInfo(out.path()).canonicalFilePath());
  QCOMPARE(QFileInfo(catcher.urls[1].toLocalFile()).canonicalFilePath(), QFileInfo(out.path()).canonicalFilePath());
  QCOMPARE(catcher.urls[2].toLocalFile(), saved);
}

// 9. The history holds the output folder's pictures after a restart; a click shows one in the tab of
// its task, a double-click restores its parameters there; the context menu does the rest.
void TestGui::i09_historyFromFolderAndItsMenu() {
  QTemporaryDir out;
  struct Made {
    Task task;
    int steps;
    int64_t seed;
    QColor colour;
  };
  const QList<Made> made = {{Task::Txt2Img, 11, 101, Qt::red}, {Task::Layout, 12, 102, Qt::green}, {Task::Inpaint, 13, 103, Qt::blue}};
  const QDateTime now = QDateTime::currentDateTime();
  for (int i = 0; i < made.size(); ++i) {
    GenerationRequest r;
    r.task = made[i].task;
    r.steps = made[i].steps;
    r.seed = made[i].seed;
    r.sampler = "ddim";
    r.prompt = "picture " + std::to_string(i);
    const QString path = out.filePath(QStringLiteral("made-%1.png").arg(i));
    QVERIFY(saveResultImage(flat(24, 16, made[i].colour), path, &r, nullptr));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(now.addSecs(-100 + 10 * i), QFileDevice::FileModificationTime));
  }
  QVERIFY(flat(8, 8, Qt::black).save(out.filePath(QStringLiteral("not-ours.png"))));  // no metadata: left out
  QSettings().setValue(QStringLiteral("output/folder"), out.path());
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  HistoryPanel* h = w.history();
  QCOMPARE(h->count(), 3);
  QCOMPARE(h->entry(0).request.seed, int64_t(103));  // newest first
  QCOMPARE(h->entry(2).request.seed, int64_t(101));
  // A click shows the picture in the tab of its task.
  QListWidget* list = h->list();
  QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(1)).center());
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::LayoutTab));
  QCOMPARE(QColor(w.layoutPanel()->resultImage().pixel(3, 3)), QColor(Qt::green));
  // A double-click restores its parameters in its tab.
  // (QTest's double click is the second press of one: the first click comes before it.)
  QTest::qWait(QApplication::doubleClickInterval() + 100);  // not a double click with the click before
  const QPoint third = list->visualItemRect(list->item(2)).center();
  QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, third);
  QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, third);
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
  QCOMPARE(w.txt2imgPanel()->samplerOptions()->stepsBox()->value(), 11);
  QCOMPARE(w.txt2imgPanel()->samplerOptions()->seedBox()->value(), 101);
  QCOMPARE(w.txt2imgPanel()->promptEdit()->toPlainText(), QStringLiteral("picture 0"));
  // The context menu.
  std::unique_ptr<QMenu> menu(h->createContextMenu(0, nullptr));
  QStringList names;
  for (QAction* a : menu->actions()) {
    if (!a->isSeparator()) names << a->objectName();
  }
  QCOMPARE(names, (QStringList{QStringLiteral("open"), QStringLiteral("reveal"), QStringLiteral("openFolder"), QStringLiteral("copy"),
                               QStringLiteral("send"), QStringLiteral("restore"), QStringLiteral("saveAs"), QStringLiteral("delete")}));
  // A picture arriving while the menu is open does not change what the menu acts on.
  HistoryEntry arrived;
  arrived.image = flat(24, 16, Qt::yellow);
  arrived.request.seed = 104;
  h->addEntry(arrived);
  menu->findChild<QAction*>(QStringLiteral("copy"))->trigger();
  QCOMPARE(QColor(QApplication::clipboard()->image().pixel(1, 1)), QColor(Qt::blue));
  QMenu* send = menu->findChild<QAction*>(QStringLiteral("send"))->menu();
  QCOMPARE(send->actions().size(), 4);  // the tabs that take a picture: Inpaint, Layout, Super-resolution, Image to image
  send->actions()[0]->trigger();
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::InpaintTab));
  QCOMPARE(w.inpaintPanel()->canvas()->image().size(), QSize(24, 16));
  menu->findChild<QAction*>(QStringLiteral("restore"))->trigger();
  QCOMPARE(w.inpaintPanel()->samplerOptions()->stepsBox()->value(), 13);
  // Delete: the file goes to the trash, the entry leaves the history. On a fresh account the data
  // folder that holds the trash does not exist yet (Qt 6.4 then put the file in ./files and said so).
  if (qEnvironmentVariableIsEmpty("LDM_TEST_HOME")) QSKIP("the trash is the user's own outside CTest");
  const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
  QTemporaryDir fresh;
  const QString freshData = fresh.filePath(QStringLiteral("share"));  // not made
  qputenv("XDG_DATA_HOME", freshData.toLocal8Bit());
  const QString path = h->entry(1).savedPath;
  QCOMPARE(h->entry(1).request.seed, int64_t(103));
  menu->findChild<QAction*>(QStringLiteral("delete"))->trigger();
  qputenv("XDG_DATA_HOME", dataHome);
  QVERIFY(!QFileInfo::exists(path));
  QVERIFY(QFileInfo::exists(freshData + QStringLiteral("/Trash/files/") + QFileInfo(path).fileName()));
  QVERIFY(!QFileInfo::exists(QDir::current().filePath(QStringLiteral("files/") + QFileInfo(path).fileName())));
  QCOMPARE(h->count(), 3);
  QCOMPARE(h->entry(0).request.seed, int64_t(104));
  QCOMPARE(h->entry(1).request.seed, int64_t(102));
}

// 10. The brush is relative to the picture, shown in pixels and in sync with [ and ]; the overlay
// contrasts with the picture's colours; Ctrl+Y and Ctrl+Shift+Z redo; distinct icons.
void TestGui::i10_brushRelativeAndOverlayContrast() {
  InpaintPanel panel;
  panel.resize(1200, 700);
  panel.show();
  QVERIFY(QTest::qWaitForWindowActive(&panel));
  // Red objects on grey: the shapes world's picture that made the red overlay unreadable.
  QImage picture = flat(64, 64, QColor(190, 190, 190));
  {
    QPainter p(&picture);
    p.setBrush(QColor(220, 30, 30));
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRect(8, 8, 24, 24));
    p.drawRect(QRect(36, 36, 20, 20));
  }
  panel.setInputImage(picture);
  MaskCanvas* canvas = panel.canvas();
  const double small = canvas->brushSize();
  QVERIFY2(small <= 64 / 4.0, qPrintable(QString::number(small)));  // not half the picture
  QCOMPARE(panel.brushSizeRow()->spinBox()->value(), int(std::lround(small)));
  QCOMPARE(panel.brushSizeRow()->slider()->value(), int(std::lround(small)));
  panel.setInputImage(flat(512, 512, Qt::gray));
  QCOMPARE(canvas->brushSize(), small * 8);  // the same share of a picture 8 times as large
  panel.setInputImage(picture);
  QCOMPARE(canvas->brushSize(), small);
  canvas->setFocus();
  QTest::keyClick(canvas, Qt::Key_BracketRight);
  QVERIFY(canvas->brushSize() > small);
  QCOMPARE(panel.brushSizeRow()->spinBox()->value(), int(std::lround(canvas->brushSize())));
  QCOMPARE(panel.brushSizeRow()->slider()->value(), int(std::lround(canvas->brushSize())));
  QTest::keyClick(canvas, Qt::Key_BracketLeft);
  QTest::keyClick(canvas, Qt::Key_BracketLeft);
  QVERIFY(canvas->brushSize() < small);
  QCOMPARE(panel.brushSizeRow()->spinBox()->value(), int(std::lround(canvas->brushSize())));
  panel.brushSizeRow()->spinBox()->setValue(12);
  QCOMPARE(canvas->brushSize(), 12.0);
  QCOMPARE(panel.brushSizeRow()->slider()->value(), 12);
  // The overlay's hue is far from the red of the objects (at least 60 degrees round the colour wheel).
  const int hue = canvas->overlayColor().hsvHue();
  QVERIFY2(std::min(hue, 360 - hue) >= 60, qPrintable(QString::number(hue)));
  const int magentaHue = MaskCanvas::contrastingColor(flat(32, 32, QColor(220, 40, 220))).hsvHue();
  QVERIFY2(std::abs(magentaHue - 300) >= 60, qPrintable(QString::number(magentaHue)));
  // Painted over the grey, the overlay shows in its colour.
  const QPoint centre = canvas->imageToWidget(QPointF(40, 12)).toPoint();
  QTest::mouseClick(canvas, Qt::LeftButton, {}, centre);
  QCOMPARE(maskAt(*canvas, 40, 12), 255);
  const QColor drawn = canvas->grab().toImage().pixelColor(centre);
  QVERIFY2(drawn.hsvHue() >= 0 && std::abs(drawn.hsvHue() - hue) <= 20, qPrintable(drawn.name()));
  // Undo with Ctrl+Z, redo with Ctrl+Y and with Ctrl+Shift+Z.
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(maskAt(*canvas, 40, 12), 0);
  QTest::keyClick(canvas, Qt::Key_Y, Qt::ControlModifier);
  QCOMPARE(maskAt(*canvas, 40, 12), 255);
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
  QCOMPARE(maskAt(*canvas, 40, 12), 0);
  QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
  QCOMPARE(maskAt(*canvas, 40, 12), 255);
  // "Open image" and "Load mask" look different.
  QVERIFY(panel.openImageAction()->icon().pixmap(24).toImage() != panel.loadMaskAction()->icon().pixmap(24).toImage());
}

// 11. Super-resolution shows the input's and the output's size (the upscalers enlarge 4 times:
// 64 -> 256 in the issue, 16 -> 64 for the bundled one).
void TestGui::i11_superResolutionShowsSizes() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  UpscalePanel* u = w.upscalePanel();
  QCOMPARE(u->scaleFactor(), 4);
  u->setInputImage(flat(16, 16, Qt::red));
  QVERIFY2(u->sizeLabel()->text().contains(QStringLiteral("16×16")) && u->sizeLabel()->text().contains(QStringLiteral("64×64")),
           qPrintable(u->sizeLabel()->text()));
  u->setInputImage(flat(20, 12, Qt::red));
  QVERIFY2(u->sizeLabel()->text().contains(QStringLiteral("20×12")) && u->sizeLabel()->text().contains(QStringLiteral("80×48")),
           qPrintable(u->sizeLabel()->text()));
  // A tile the model cannot sample with is refused in the tab, before a job is queued; the tile box steps
  // by multiples of the model's size multiple.
  const int m = ldm::describe_model(u->modelPath().toStdString()).size_multiple;
  QCOMPARE(u->tileBox()->singleStep() % m, 0);
  GenerationRequest r;
  QString error;
  u->tileBox()->setValue(m + 1);
  QVERIFY(!u->makeRequest(&r, &error));
  QVERIFY2(error.contains(QStringLiteral("multiple of %1 px").arg(m)), qPrintable(error));
  u->tileBox()->setValue(2 * m);
  QVERIFY2(u->makeRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.tile, 2 * m);
}

// 12. Each tab lists the models that serve its task; a file that is no model is refused when added;
// added models can be taken off the list again, bundled ones not.
void TestGui::i12_modelPickerPerTask() {
  QTemporaryDir dir;
  const QString sd1 = dir.filePath(QStringLiteral("sd1-tiny"));
  QVERIFY(QDir().mkpath(sd1));
  for (const char* f : {"model.safetensors", "config.yaml"})
    QVERIFY(QFile::copy(QStringLiteral(LDM_TEST_DATA_DIR "/sd1-tiny/") + QLatin1String(f), sd1 + "/" + f));
  const QString junk = dir.filePath(QStringLiteral("random.safetensors"));
  {
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 4096; ++i) f.putChar(char(QRandomGenerator::global()->bounded(256)));
  }
  {
    MainWindow w(std::make_unique<test::FakeBackend>());
    for (int tab = 0; tab < w.tabs()->count(); ++tab) {
      w.tabs()->setCurrentIndex(tab);
      const QStringList listed = boxPaths(w.modelBox());
      for (Task t : w.panel(tab)->modelTasks()) {
        if (!ldm::bundled_model_path(t).empty()) QVERIFY2(listed.contains(bundledPath(t)), task_name(t));
      }
      for (const QString& path : listed) {
        if (path.isEmpty()) continue;  // "No model for this task" (a task whose bundled model is not installed)
        const ModelInfo info = ldm::describe_model(path.toStdString());
        bool serves = false;
        for (Task t : w.panel(tab)->modelTasks()) serves |= info.serves(t);
        QVERIFY2(serves, qPrintable(path));
      }
    }
    w.tabs()->setCurrentIndex(MainWindow::UpscaleTab);
    QVERIFY(!boxPaths(w.modelBox()).contains(bundledPath(Task::Txt2Img)));
    QVERIFY(!w.removeModelButton()->isEnabled());  // a bundled model stays
    QVERIFY(!w.addModel(junk));
    QVERIFY(w.messageArea()->isVisibleTo(&w));
    for (int tab = 0; tab < w.tabs()->count(); ++tab) {
      for (const CatalogEntry& e : w.modelsFor(w.panel(tab)->modelTasks())) QVERIFY(e.path != QFileInfo(junk).absoluteFilePath());
    }
    // Added on the super-resolution tab, a text model goes to the first tab that can use it.
    QVERIFY(w.addModel(sd1));
    QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
    QCOMPARE(w.modelBox()->currentData().toString(), QFileInfo(sd1).absoluteFilePath());
    w.tabs()->setCurrentIndex(MainWindow::UpscaleTab);
    QVERIFY(!boxPaths(w.modelBox()).contains(QFileInfo(sd1).absoluteFilePath()));
    w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
    QVERIFY(w.removeModelButton()->isEnabled());
    QTest::mouseClick(w.removeModelButton(), Qt::LeftButton);
    QVERIFY(!boxPaths(w.modelBox()).contains(QFileInfo(sd1).absoluteFilePath()));
    QCOMPARE(w.txt2imgPanel()->modelPath(), bundledPath(Task::Txt2Img));
    QCOMPARE(w.txt2imgPanel()->widthBox()->value(), 64);
    w.saveSettings();
  }
  MainWindow w(std::make_unique<test::FakeBackend>());
  QVERIFY(!boxPaths(w.modelBox()).contains(QFileInfo(sd1).absoluteFilePath()));
}

// 13. At 1024x700 every tool stays reachable and the picture panes keep a usable size (at least
// 200 px, three times the bundled models' 64 px output).
void TestGui::i13_toolsReachableAt1024x700() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  w.resize(1024, 700);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  QVERIFY2(w.width() <= 1024 && w.height() <= 700, qPrintable(QStringLiteral("%1x%2").arg(w.width()).arg(w.height())));
  for (int tab = 0; tab < w.tabs()->count(); ++tab) {
    w.tabs()->setCurrentIndex(tab);
    QApplication::processEvents();
    const QWidget* pane = w.panel(tab)->resultWidget();
    QVERIFY2(pane->width() >= 200 && pane->height() >= 200,
             qPrintable(QStringLiteral("tab %1: %2x%3").arg(tab).arg(pane->width()).arg(pane->height())));
  }
  w.tabs()->setCurrentIndex(MainWindow::InpaintTab);
  QApplication::processEvents();
  QToolBar* tools = w.inpaintPanel()->toolBar();
  for (QAction* a : tools->actions()) {
    if (a->isSeparator()) continue;
    QWidget* button = tools->widgetForAction(a);
    QVERIFY2(button && button->isVisible() && tools->rect().contains(button->geometry()), qPrintable(a->text()));
  }
  auto* extension = tools->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
  QVERIFY(!extension || !extension->isVisible());
  QVERIFY(w.inpaintPanel()->canvas()->width() >= 200 && w.inpaintPanel()->canvas()->height() >= 200);
}

// A first start sizes the window to the screen: 1280x820 on a desktop; on a 1366x768 laptop (736 px free
// under a panel) the 820 px window put the status bar, Cancel and the history's buttons below the
// screen's edge: it starts maximised there, its restored size within the free area.
void TestGui::firstWindowFitsTheScreen() {
  bool fits = false;
  QCOMPARE(MainWindow::firstWindowSize(QSize(1920, 1040), QSize(894, 577), &fits), QSize(1280, 820));
  QVERIFY(fits);
  QCOMPARE(MainWindow::firstWindowSize(QSize(1366, 736), QSize(894, 577), &fits), QSize(1280, 736 - 48));
  QVERIFY(!fits);
  QCOMPARE(MainWindow::firstWindowSize(QSize(1024, 600), QSize(894, 577), &fits), QSize(1024 - 16, 577));
  QVERIFY(!fits);
  // This test's screen (tests/gui/offscreen-screen.json) is a desktop's: the default size, not maximised.
  QCOMPARE(QGuiApplication::primaryScreen()->availableGeometry().size(), QSize(1600, 1000));
  MainWindow w(std::make_unique<test::FakeBackend>());
  QCOMPARE(w.size(), QSize(1280, 820));
  QVERIFY(!(w.windowState() & Qt::WindowMaximized));
  QVERIFY(w.minimumSizeHint().width() <= 1024 - 16 && w.minimumSizeHint().height() <= 600);
}

// A size more than twice the model's native area is noted under the size row of the tabs that compose
// from noise (text to image, with the Hires fix named; layout), not where a picture or a label map holds
// the composition (image to image, scene painter).
void TestGui::sizeNoteBeyondNative() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* t = w.txt2imgPanel();
  QLabel* note = t->sizeNote();
  QVERIFY(note);
  QCOMPARE(t->widthBox()->value(), 64);  // the bundled model's native size
  QVERIFY(!note->isVisible());
  t->heightBox()->setValue(128);  // 2x the area: not yet
  QVERIFY(!note->isVisible());
  QCheckBox* karras = t->samplerOptions()->findChild<QCheckBox*>();
  QVERIFY(karras && karras->isVisible());
  t->widthBox()->setValue(80);  // 2.5x
  QVERIFY(note->isVisible());
  // The rows around it keep their height (inside the sampler options' form it squeezed Karras to 0 px).
  QApplication::processEvents();
  QVERIFY2(karras->height() >= karras->sizeHint().height(), qPrintable(QString::number(karras->height())));
  QVERIFY(note->height() > note->fontMetrics().height());  // wrapped, all of it shown
  QVERIFY2(note->text().contains(QStringLiteral("64×64")) && note->text().contains(QStringLiteral("Hires fix")), qPrintable(note->text()));
  t->widthBox()->setValue(64);
  QVERIFY(!note->isVisible());
  LayoutPanel* l = w.layoutPanel();
  QVERIFY(l->sizeNote());
  w.tabs()->setCurrentIndex(MainWindow::LayoutTab);
  l->widthBox()->setValue(256);
  l->heightBox()->setValue(256);
  QVERIFY(l->sizeNote()->isVisible());
  QVERIFY(!l->sizeNote()->text().contains(QStringLiteral("Hires fix")));
  QVERIFY(!w.img2imgPanel()->sizeNote());
  QVERIFY(!w.semanticPanel()->sizeNote());
}

// 14. Help: getting started, the keyboard shortcuts (as bound), and the library versions in About.
void TestGui::i14_helpShortcutsAndVersions() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  QTRY_VERIFY(w.systemKnown());
  const QString keys = w.shortcutList().join(QLatin1Char('\n'));
  for (const QString& k : {QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText),
                           QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText), QStringLiteral("Esc"),
                           QStringLiteral("Ctrl+Z"), QStringLiteral("[")})
    QVERIFY2(keys.contains(k), qPrintable(k));
  QDialog* shortcuts = w.showHelp(MainWindow::HelpPage::Shortcuts);
  QVERIFY(shortcuts->isVisible());
  QVERIFY(shortcuts->findChild<QTextBrowser*>()->toPlainText().contains(QStringLiteral("Ctrl+Z")));
  QDialog* start = w.showHelp(MainWindow::HelpPage::GettingStarted);
  const QString text = start->findChild<QTextBrowser*>()->toPlainText();
  QVERIFY(text.contains(QStringLiteral("Text to image")) && text.contains(QStringLiteral("Inpaint")) && text.contains(QStringLiteral("Super-resolution")));
  const QString about = w.aboutText();
  QVERIFY2(about.contains(QString::fromLatin1(qVersion())), qPrintable(about));
  QVERIFY2(about.contains(QStringLiteral("0.0-fake")), qPrintable(about));  // the LibTorch version the worker reported
  QVERIFY(about.contains(QStringLiteral("CUDA")));
}

// #24: every tab shows previews, results and the cancelled mark through the one TaskPanel code.
void TestGui::i24_everyTabSharesTheResultPane() {
  MainWindow w(std::make_unique<test::FakeBackend>());
  QSet<Task> restored;
  for (int tab = 0; tab < w.tabs()->count(); ++tab) {
    TaskPanel* p = w.panel(tab);
    for (Task t : p->restoredTasks()) restored.insert(t);
    QCOMPARE(p->key(), QString::fromUtf8(task_name(p->task())));
    p->startRun();
    p->showPreview(flat(8, 8, QColor(50, 50, 50)), 1, 10, true);
    QCOMPARE(p->resultState(), TaskPanel::ResultState::Preview);
    QVERIFY(p->resultCaption().contains(QStringLiteral("1 of 10")));
    p->showPreview(flat(8, 8, QColor(90, 90, 90)), 2, 10, false);  // the other kind: not shown
    QCOMPARE(qRed(p->resultImage().pixel(0, 0)), 50);
    p->markCancelled();
    QCOMPARE(p->resultState(), TaskPanel::ResultState::Cancelled);
    p->showResult(flat(8, 8, Qt::green));
    QCOMPARE(p->resultState(), TaskPanel::ResultState::Result);
    QVERIFY(p->resultCaption().isEmpty());
    QVERIFY(p->resultWidget() && p->resultWidget()->isVisibleTo(p));
  }
  for (Task t : {Task::Txt2Img, Task::Img2Img, Task::Inpaint, Task::Layout, Task::Upscale, Task::Sample, Task::Semantic})
    QVERIFY2(restored.contains(t), task_name(t));
}

// ---- Issue #20: class-conditional and unconditional models, the scene painter ------------------

namespace {
const QString kCinFixture = QStringLiteral(LDM_TEST_DATA_DIR "/ldm-cin-tiny");
const QString kSemanticFixture = QStringLiteral(LDM_TEST_DATA_DIR "/ldm-semantic-tiny");
const QString kUncondFixture = QStringLiteral(LDM_TEST_DATA_DIR "/ldm-uncond-kl-tiny");

void dropOn(QWidget* w, const QStringList& files) {
  QMimeData mime;
  QList<QUrl> urls;
  for (const QString& f : files) urls << QUrl::fromLocalFile(f);
  mime.setUrls(urls);
  const QPoint pos(w->width() / 2, w->height() / 2);
  QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(w, &enter);
  QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(w, &drop);
}

// Map pixel (x, y) of a canvas shown at `scale` widget pixels per map pixel (a square canvas widget of
// exactly the map's size times the scale, so that the map fills it).
QPoint mapPixelCentre(int x, int y, int scale) { return {x * scale + scale / 2, y * scale + scale / 2}; }

QImage greyMap(const QImage& labels) { return labels.convertToFormat(QImage::Format_Grayscale8); }
}  // namespace

// 1. The text-to-image tab follows its model: classes instead of the prompts for a class-conditional
// model (searchable, "no class" only with the model's unconditional entry), nothing for an
// unconditional one; the request is Task::Sample with the chosen class.
void TestGui::i20_classPickerFollowsTheModel() {
  FakeWindow f(1, QString());
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Txt2ImgPanel* p = w.txt2imgPanel();
  // The tab's own model stays the bundled text model; class models are offered beside it.
  QCOMPARE(p->modelPath(), bundledPath(Task::Txt2Img));
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Text);
  QVERIFY(p->promptEdit()->isVisible() && !p->classBox()->isVisible());
  if (!ldm::bundled_model_path(Task::Sample).empty()) QVERIFY(boxPaths(w.modelBox()).contains(bundledPath(Task::Sample)));

  // The ImageNet fixture (1000 classes + the "no class" entry 1000), added on the text-to-image tab.
  QVERIFY(w.addModel(kCinFixture));
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Class);
  QVERIFY(p->classBox()->isVisible());
  QVERIFY(!p->promptEdit()->isVisible() && !p->negativeEdit()->isVisible());
  QCOMPARE(p->classBox()->count(), 1001);
  QCOMPARE(p->classBox()->itemData(1000).toInt(), 1000);  // "no class"
  QCOMPARE(p->widthBox()->value(), 32);                   // the model's native size and steps
  QCOMPARE(p->samplerOptions()->stepsBox()->value(), 20);
  // Searching: typing part of a name offers the classes that contain it.
  p->classBox()->lineEdit()->setFocus();
  p->classBox()->lineEdit()->clear();
  QTest::keyClicks(p->classBox()->lineEdit(), QStringLiteral("white shark"));
  QCompleter* completer = p->classBox()->completer();
  QVERIFY(completer->completionCount() >= 1);
  for (int i = 0; completer->setCurrentRow(i); ++i)
    QVERIFY2(completer->currentCompletion().contains(QStringLiteral("white shark"), Qt::CaseInsensitive), qPrintable(completer->currentCompletion()));
  QTest::keyClick(p->classBox()->lineEdit(), Qt::Key_Escape);
  // What was typed is a synonym of class 2 ("great white shark, white shark, ..."): the request has it.
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(77);
  p->classBox()->setEditText(QStringLiteral("white shark"));
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  {
    std::lock_guard<std::mutex> lock(backend->mutex);
    QCOMPARE(backend->lastRequest.task, Task::Sample);
    QCOMPARE(backend->lastRequest.class_label, 2);
    QVERIFY(backend->lastRequest.prompt.empty());
    QCOMPARE(backend->lastRequest.width, 32);
  }
  const QString saved = w.history()->entry(0).savedPath;
  QCOMPARE(QFileInfo(saved).fileName(), QStringLiteral("sample-77.png"));
  QCOMPARE(ldm::request_from_png(QFile::encodeName(saved).toStdString()).class_label, 2);
  // Chosen from the list: the entry's class; "no class": the model's unconditional entry.
  p->classBox()->setCurrentIndex(p->classBox()->findData(7));
  GenerationRequest r;
  QString error;
  QVERIFY2(p->buildRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.class_label, 7);
  p->classBox()->setCurrentIndex(1000);
  QVERIFY2(p->buildRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.class_label, 1000);
  p->classBox()->setEditText(QStringLiteral("no such animal at all"));
  QVERIFY(!p->buildRequest(&r, &error));
  QVERIFY2(error.contains(QStringLiteral("no such animal")), qPrintable(error));
  // Reopening a sample PNG brings its class back.
  p->classBox()->setCurrentIndex(5);
  dropOn(&w, {saved});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
  QCOMPARE(p->classBox()->currentData().toInt(), 2);

  // An unconditional model: no prompt, no class, a line that says why; no guidance.
  QVERIFY(w.addModel(kUncondFixture));
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Unconditional);
  QVERIFY(!p->promptEdit()->isVisible() && !p->classBox()->isVisible());
  QVERIFY(p->unconditionalNote()->isVisible());
  QVERIFY(!p->samplerOptions()->cfgBox()->isEnabled());
  QCOMPARE(p->widthBox()->value(), 64);
  QVERIFY2(p->buildRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.task, Task::Sample);
  QCOMPARE(r.class_label, -1);

  // Back to the bundled text model: the prompts return.
  choose(w.modelBox(), bundledPath(Task::Txt2Img));
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Text);
  QVERIFY(p->promptEdit()->isVisible() && !p->unconditionalNote()->isVisible());
}

// The class picker with the real engine (the ImageNet fixture, 32x32): a class by name, and "no class"
// (the model's unconditional entry, which the engine accepts as a class of its own).
void TestGui::i20_classPickerRunsTheEngine() {
  QTemporaryDir out;
  MainWindow w;
  w.setOutputFolder(out.path());
  QVERIFY(w.addModel(kCinFixture));
  Txt2ImgPanel* p = w.txt2imgPanel();
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Class);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(5);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  for (const QString& choice : {QStringLiteral("goldfish"), QStringLiteral("(no class)")}) {
    p->classBox()->setCurrentIndex(p->classBox()->findText(choice, Qt::MatchStartsWith));
    QVERIFY(p->classBox()->currentIndex() >= 0);
    const int before = finished.count();
    w.generate();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == before + 1 || !failed.isEmpty(), 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
    QTRY_COMPARE(p->resultState(), TaskPanel::ResultState::Result);  // the spy counts before the window's slot ran
    QCOMPARE(p->resultImage().size(), QSize(32, 32));
    QTRY_COMPARE(w.history()->count(), before + 1);
    QCOMPARE(w.history()->entry(0).request.task, Task::Sample);
    QCOMPARE(w.history()->entry(0).request.class_label, p->classBox()->currentData().toInt());
  }
}

// 2. The scene painter's tools, driven with the mouse on a 32x32 map shown 10 times enlarged.
void TestGui::i20_paintBrushFillAndPick() {
  SemanticPanel panel;
  const ModelInfo info = ldm::describe_model(kSemanticFixture.toStdString());
  panel.useModel(info);
  panel.applyModelDefaults(info);
  LabelCanvas* c = panel.canvas();
  QCOMPARE(c->mapSize(), QSize(32, 32));
  panel.show();
  c->setFixedSize(320, 320);
  QVERIFY(QTest::qWaitForWindowExposed(&panel));
  QApplication::processEvents();
  QCOMPARE(c->size(), QSize(320, 320));
  const int sky = 156, tree = 168, sea = 154, road = 148;  // COCO-Stuff 182 indices
  QCOMPARE(panel.labelName(sky), QStringLiteral("sky-other"));
  QCOMPARE(panel.labelName(tree), QStringLiteral("tree"));
  // The palette lists the landscape labels first; a new canvas is sky.
  QCOMPARE(panel.labelList()->item(0)->text(), QStringLiteral("sky-other"));
  QCOMPARE(panel.labelList()->item(4)->text(), QStringLiteral("tree"));
  QCOMPARE(c->labelAt(0, 0), sky);
  QCOMPARE(panel.labelList()->count(), 182);
  // Searching the palette picks the first match.
  QTest::keyClicks(panel.labelFilter(), QStringLiteral("tre"));
  QCOMPARE(panel.currentLabel(), tree);
  int shown = 0;
  for (int i = 0; i < panel.labelList()->count(); ++i) shown += panel.labelList()->item(i)->isHidden() ? 0 : 1;
  QCOMPARE(shown, 2);  // "tree" (listed first, a landscape label) and "street sign"
  panel.labelFilter()->clear();

  // A click with a 5-pixel brush at the centre of pixel (15, 15): the pixels whose centres lie within
  // 2.5 pixels of that point, i.e. the 5x5 square without its corners.
  panel.brushSizeRow()->spinBox()->setValue(5);
  QCOMPARE(c->brushSize(), 5);
  QTest::mouseClick(c, Qt::LeftButton, {}, mapPixelCentre(15, 15, 10));
  int painted = 0;
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 32; ++x) {
      const bool inside = std::abs(x - 15) <= 2 && std::abs(y - 15) <= 2 && !(std::abs(x - 15) == 2 && std::abs(y - 15) == 2);
      QCOMPARE(c->labelAt(x, y), inside ? tree : sky);
      painted += inside;
    }
  }
  QCOMPARE(painted, 21);
  // A drag from pixel (3, 5) to (28, 5) with a 1-pixel brush: exactly that row segment.
  panel.brushSizeRow()->spinBox()->setValue(1);
  panel.setCurrentLabel(road);
  drag(c, mapPixelCentre(3, 5, 10), mapPixelCentre(28, 5, 10));
  for (int x = 0; x < 32; ++x) {
    QCOMPARE(c->labelAt(x, 5), x >= 3 && x <= 28 ? road : sky);
    QCOMPARE(c->labelAt(x, 4), sky);
    QCOMPARE(c->labelAt(x, 6), sky);
  }
  // A full-width road at row 20 splits the sky; the bucket fills only the connected part it is clicked in.
  panel.brushSizeRow()->spinBox()->setValue(1);
  drag(c, mapPixelCentre(0, 20, 10), mapPixelCentre(31, 20, 10));
  for (int x = 0; x < 32; ++x) QCOMPARE(c->labelAt(x, 20), road);
  panel.fillAction()->trigger();
  QCOMPARE(c->tool(), LabelCanvas::Tool::Fill);
  panel.setCurrentLabel(sea);
  QTest::mouseClick(c, Qt::LeftButton, {}, mapPixelCentre(30, 30, 10));
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 32; ++x) {
      const int expected = y == 20 || (y == 5 && x >= 3 && x <= 28) ? road
                           : y > 20                                 ? sea
                           : c->labelAt(x, y) == tree              ? tree
                                                                    : sky;
      QCOMPARE(c->labelAt(x, y), expected);
    }
  }
  QCOMPARE(c->labelAt(15, 15), tree);
  // The right button picks the label under the cursor.
  QTest::mouseClick(c, Qt::RightButton, {}, mapPixelCentre(15, 15, 10));
  QCOMPARE(panel.currentLabel(), tree);
  QCOMPARE(panel.labelList()->currentItem()->text(), QStringLiteral("tree"));
  // Undo takes the fill back, redo brings it again.
  panel.undoAction()->trigger();
  QCOMPARE(c->labelAt(30, 30), sky);
  panel.redoAction()->trigger();
  QCOMPARE(c->labelAt(30, 30), sea);
  // A new size resamples the map (nearest): 64x64 doubles every pixel.
  const QImage before = greyMap(c->labelMap());
  panel.widthBox()->setValue(64);
  panel.heightBox()->setValue(64);
  QCOMPARE(c->mapSize(), QSize(64, 64));
  for (int y = 0; y < 64; y += 3)
    for (int x = 0; x < 64; x += 3) QCOMPARE(c->labelAt(x, y), qGray(before.pixel(x / 2, y / 2)));
  panel.undoAction()->trigger();
  panel.undoAction()->trigger();
  QCOMPARE(c->mapSize(), QSize(32, 32));
  QCOMPARE(panel.widthBox()->value(), 32);  // the boxes follow the canvas back
  QCOMPARE(greyMap(c->labelMap()), before);
}

// The scene painter zooms and pans like the mask canvas (ui/zoom_canvas.h): a click lands on the map
// pixel under the cursor at any zoom, a pan paints nothing, Ctrl+0 and a new map size refit the view.
void TestGui::labelMapAfterWheelZoomAndPan() {
  LabelCanvas canvas;
  canvas.resize(400, 400);
  canvas.show();
  QVERIFY(QTest::qWaitForWindowExposed(&canvas));
  canvas.resetMap(QSize(200, 200), 0, false);
  QCOMPARE(canvas.zoom(), 2.0);  // fitted: 200 map pixels in 400 widget pixels
  wheel(&canvas, QPointF(200, 200), 120);
  QCOMPARE(canvas.zoom(), 2.5);
  QCOMPARE(canvas.panOffset(), QPointF(-50, -50));  // map (100, 100) stays under the cursor
  canvas.setBrushSize(1);
  canvas.setLabel(7);
  // Widget (201, 251) is map (100.4, 120.4), in pixel (100, 120).
  QCOMPARE(canvas.imageToWidget(QPointF(100.5, 120.5)), QPointF(201.25, 251.25));
  QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(201, 251));
  QCOMPARE(canvas.labelAt(100, 120), 7);
  QCOMPARE(canvas.labelAt(100, 119), 0);
  QCOMPARE(canvas.labelAt(101, 120), 0);
  // Middle-button pan by (40, -20) widget pixels: the same point is now map (84.4, 128.4).
  drag(&canvas, QPoint(50, 50), QPoint(90, 30), Qt::MiddleButton);
  QCOMPARE(canvas.panOffset(), QPointF(-10, -70));
  canvas.setLabel(9);
  QTest::mouseClick(&canvas, Qt::LeftButton, {}, QPoint(201, 251));
  QCOMPARE(canvas.labelAt(84, 128), 9);
  QCOMPARE(canvas.labelAt(100, 120), 7);
  // The right button picks from the zoomed view too.
  QSignalSpy picked(&canvas, &LabelCanvas::labelPicked);
  QTest::mouseClick(&canvas, Qt::RightButton, {}, canvas.imageToWidget(QPointF(100.5, 120.5)).toPoint());
  QCOMPARE(picked.count(), 1);
  QCOMPARE(picked.at(0).at(0).toInt(), 7);
  // Space + left drag pans and does not paint.
  const QImage before = canvas.labelMap();
  QTest::keyPress(&canvas, Qt::Key_Space);
  drag(&canvas, QPoint(300, 300), QPoint(310, 300));
  QTest::keyRelease(&canvas, Qt::Key_Space);
  QCOMPARE(canvas.panOffset(), QPointF(0, -70));
  QCOMPARE(canvas.labelMap(), before);
  // Ctrl+0 fits again; while fitted, a new map size refits (100x50: 4x, centred vertically).
  QTest::keyClick(&canvas, Qt::Key_0, Qt::ControlModifier);
  QCOMPARE(canvas.zoom(), 2.0);
  QCOMPARE(canvas.panOffset(), QPointF(0, 0));
  canvas.resample(QSize(100, 50));
  QCOMPARE(canvas.zoom(), 4.0);
  QCOMPARE(canvas.imageToWidget(QPointF(0, 0)), QPointF(0, 100));
}

// 2. Export writes an 8-bit single-channel PNG whose pixels are the labels; importing it gives the
// same map back. A colour picture imports with a palette; a size that is no multiple is resampled.
void TestGui::i20_labelMapExportImportRoundTrip() {
  QTemporaryDir dir;
  SemanticPanel panel;
  const ModelInfo info = ldm::describe_model(kSemanticFixture.toStdString());
  panel.useModel(info);
  panel.applyModelDefaults(info);
  panel.widthBox()->setValue(48);
  panel.heightBox()->setValue(40);
  LabelCanvas* c = panel.canvas();
  QCOMPARE(c->mapSize(), QSize(48, 40));
  // Every pixel different from its neighbours: labels (x * 7 + y * 13) % 182.
  QImage pattern(48, 40, QImage::Format_Grayscale8);
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 48; ++x) pattern.scanLine(y)[x] = uchar((x * 7 + y * 13) % 182);
  c->setLabelMap(pattern);
  QCOMPARE(c->labelMap(), pattern);
  const QString file = dir.filePath(QStringLiteral("labels.png"));
  QString error;
  QVERIFY2(panel.exportLabelMap(file, &error), qPrintable(error));
  QImageReader reader(file);
  QCOMPARE(reader.imageFormat(), QImage::Format_Grayscale8);
  const ldm::Image onDisk = ldm::load_label_map(file.toStdString());
  QCOMPARE(onDisk.width, 48);
  QCOMPARE(int(onDisk.pixels[size_t(3 * 48 + 5)]), (5 * 7 + 3 * 13) % 182);
  panel.fillAll();
  QVERIFY(c->labelMap() != pattern);
  QVERIFY2(panel.importLabelMap(file, QString(), &error), qPrintable(error));
  QCOMPARE(c->labelMap(), pattern);
  QCOMPARE(panel.widthBox()->value(), 48);
  QCOMPARE(panel.heightBox()->value(), 40);

  // A colour picture with a palette: sky above, grass below.
  const QString picture = dir.filePath(QStringLiteral("painted.png"));
  QImage colours(16, 8, QImage::Format_RGB32);
  colours.fill(QColor(0x87, 0xce, 0xeb));
  for (int y = 5; y < 8; ++y)
    for (int x = 0; x < 16; ++x) colours.setPixel(x, y, qRgb(10, 200, 10));
  QVERIFY(colours.save(picture));
  QVERIFY(!panel.importLabelMap(picture, QString(), &error));  // colours without a palette: refused, saying why
  QVERIFY2(error.contains(QStringLiteral("palette")), qPrintable(error));
  const QString palette = dir.filePath(QStringLiteral("palette.json"));
  {
    QFile f(palette);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"sky-other": "#87ceeb", "grass": [10, 200, 10]})");
  }
  QVERIFY2(panel.importLabelMap(picture, palette, &error), qPrintable(error));
  QCOMPARE(c->mapSize(), QSize(16, 8));
  QCOMPARE(c->labelAt(3, 2), 156);  // sky-other
  QCOMPARE(c->labelAt(3, 6), 123);  // grass
  // A map of 20x12 for a model of multiples of 8: resampled to 24x16, and said so.
  QSignalSpy notes(&panel, &TaskPanel::statusMessage);
  QImage odd(20, 12, QImage::Format_Grayscale8);
  odd.fill(uint(123));
  const QString oddFile = dir.filePath(QStringLiteral("odd.png"));
  QVERIFY(odd.save(oddFile));
  QVERIFY2(panel.importLabelMap(oddFile, QString(), &error), qPrintable(error));
  QCOMPARE(c->mapSize(), QSize(24, 16));
  QCOMPARE(notes.count(), 1);
  // A label the model does not have is refused.
  QImage wrong(16, 16, QImage::Format_Grayscale8);
  wrong.fill(uint(200));
  const QString wrongFile = dir.filePath(QStringLiteral("wrong.png"));
  QVERIFY(wrong.save(wrongFile));
  QVERIFY(!panel.importLabelMap(wrongFile, QString(), &error));
  QVERIFY2(error.contains(QStringLiteral("200")), qPrintable(error));
  QCOMPARE(c->mapSize(), QSize(24, 16));
}

// 2./3. A painted scene generates with the real engine (the bundled semantic model when installed, else
// the COCO-Stuff fixture): previews and progress stream, the picture has the canvas size, its PNG records
// the map, and reopening the PNG brings the map and the settings back.
void TestGui::i20_paintedSceneGeneratesAndReopens() {
  QTemporaryDir out;
  MainWindow w;
  w.setOutputFolder(out.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.tabs()->setCurrentIndex(MainWindow::SemanticTab);
  SemanticPanel* p = w.semanticPanel();
  if (ldm::bundled_model_path(Task::Semantic).empty()) QVERIFY(w.addModel(kSemanticFixture));
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::SemanticTab));
  const ModelInfo info = ldm::describe_model(p->modelPath().toStdString());
  qInfo("semantic model: %s (%d labels)", info.name.c_str(), int(info.class_names.size()));
  const int m = info.size_multiple;
  p->widthBox()->setValue(3 * m);
  p->heightBox()->setValue(2 * m);
  QCOMPARE(p->canvas()->mapSize(), QSize(3 * m, 2 * m));
  p->loadDemoContent();
  const QImage map = p->canvas()->labelMap();
  QVERIFY(map.size() == QSize(3 * m, 2 * m));
  p->samplerOptions()->stepsBox()->setValue(8);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(21);
  QSignalSpy previews(w.worker(), &EngineWorker::previewReady);
  QSignalSpy progress(w.worker(), &EngineWorker::progress);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  QTest::mouseClick(p->generateButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || failed.count() == 1, 240000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QCOMPARE(progress.count(), 8);
  QVERIFY(!previews.isEmpty());
  QCOMPARE(previews.last()[2].toInt(), 8);
  QTRY_COMPARE(p->resultState(), TaskPanel::ResultState::Result);
  QCOMPARE(p->resultImage().size(), QSize(3 * m, 2 * m));
  QTRY_COMPARE(w.history()->count(), 1);
  const HistoryEntry& e = w.history()->entry(0);
  QCOMPARE(e.request.task, Task::Semantic);
  const QString saved = e.savedPath;
  QVERIFY(QFileInfo::exists(saved));
  QCOMPARE(QImage(saved).size(), QSize(3 * m, 2 * m));
  const GenerationRequest stored = ldm::request_from_png(QFile::encodeName(saved).toStdString());
  QCOMPARE(stored.segmentation.width, 3 * m);
  QCOMPARE(toQImage(stored.segmentation), map);

  // Reopened: the map, its size and the settings come back into the tab.
  p->widthBox()->setValue(2 * m);
  p->fillAll();
  p->samplerOptions()->stepsBox()->setValue(30);
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  dropOn(&w, {saved});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::SemanticTab));
  QCOMPARE(p->canvas()->labelMap(), map);
  QCOMPARE(p->widthBox()->value(), 3 * m);
  QCOMPARE(p->samplerOptions()->stepsBox()->value(), 8);
  QCOMPARE(p->samplerOptions()->seedBox()->value(), 21);
  QCOMPARE(p->resultImage().size(), QSize(3 * m, 2 * m));
}

// ---- Issue #22: image to image; LoRAs and VAE ------------------------------------------------------

namespace {
const QString kSd1Fixture = QStringLiteral(LDM_TEST_DATA_DIR "/sd1-tiny");

// A picture whose pixels say where they are (no two neighbours alike), to compare copies exactly.
QImage gradient(int w, int h) {
  QImage im(w, h, QImage::Format_RGB888);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) im.setPixel(x, y, qRgb(x * 255 / std::max(1, w - 1), y * 255 / std::max(1, h - 1), (x * 7 + y * 13) % 256));
  }
  return im;
}

// A kohya-ss LoRA for the sd1-tiny fixture (module names and shapes as tests/pipelines/test_lora.cpp
// states them): rank 4, alpha 2, factors uniform in [-scale, scale] from `seed`. Written here as plain
// safetensors (8-byte header length, JSON header, little-endian F32 data) so the test needs no LibTorch.
void writeSd1Lora(const QString& path, quint32 seed, float scale) {
  struct Module {
    const char* name;
    QList<int> down, up;
  };
  const QList<Module> modules = {
      {"lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q", {4, 32}, {32, 4}},
      {"lora_unet_up_blocks_1_attentions_1_transformer_blocks_0_attn2_to_k", {4, 32}, {32, 4}},
      {"lora_unet_down_blocks_0_resnets_0_conv1", {4, 32, 3, 3}, {32, 4, 1, 1}},
      {"lora_unet_mid_block_attentions_0_proj_in", {4, 64, 1, 1}, {64, 4, 1, 1}},
      {"lora_te_text_model_encoder_layers_0_self_attn_q_proj", {4, 32}, {32, 4}},
  };
  QRandomGenerator rng(seed);
  QJsonObject header;
  QByteArray data;
  auto add = [&](const QString& key, const QList<int>& shape, const std::function<float()>& value) {
    qint64 n = 1;
    QJsonArray dims;
    for (int d : shape) {
      n *= d;
      dims.append(d);
    }
    const qint64 begin = data.size();
    for (qint64 i = 0; i < n; ++i) {
      const float v = value();
      data.append(reinterpret_cast<const char*>(&v), sizeof v);  // little-endian on the machines we build for
    }
    header[key] = QJsonObject{{QStringLiteral("dtype"), QStringLiteral("F32")}, {QStringLiteral("shape"), dims},
                              {QStringLiteral("data_offsets"), QJsonArray{double(begin), double(data.size())}}};
  };
  auto random = [&] { return float((rng.generateDouble() * 2 - 1) * scale); };
  for (const Module& m : modules) {
    const QString name = QString::fromLatin1(m.name);
    add(name + QStringLiteral(".lora_down.weight"), m.down, random);
    add(name + QStringLiteral(".lora_up.weight"), m.up, random);
    add(name + QStringLiteral(".alpha"), {}, [] { return 2.0f; });
  }
  QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
  while (json.size() % 8 != 0) json.append(' ');
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  const quint64 length = quint64(json.size());
  f.write(reinterpret_cast<const char*>(&length), 8);
  f.write(json);
  f.write(data);
}

double meanAbsDifference(const QImage& a, const QImage& b) {
  const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
  if (x.size() != y.size()) return 255;
  double sum = 0;
  for (int r = 0; r < x.height(); ++r) {
    for (int c = 0; c < x.width(); ++c) {
      const QRgb p = x.pixel(c, r), q = y.pixel(c, r);
      sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) + std::abs(qBlue(p) - qBlue(q));
    }
  }
  return sum / (3.0 * x.width() * x.height());
}
}  // namespace

// 1. The image-to-image tab: the init image from a file, the clipboard or the history's "Send to"; the
// size follows it; the strength starts at the model's; the request is Task::Img2Img with the picture and
// strength; its PNG reopens in this tab (not in text to image), its settings back, its init image back
// from the history of this session and asked for again when the file does not hold it.
void TestGui::i22_img2imgRequestSendPasteAndReopen() {
  FakeWindow f(1, QString());
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  const QTemporaryDir& out = f.out;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  Img2ImgPanel* p = w.img2imgPanel();
  QVERIFY(p);
  QCOMPARE(w.panel(MainWindow::ImageToImageTab), static_cast<TaskPanel*>(p));
  QCOMPARE(p->task(), Task::Img2Img);
  QVERIFY(!w.txt2imgPanel()->restoredTasks().contains(Task::Img2Img));
  // Its model: the bundled text-to-image model, with its strength and size multiple.
  QCOMPARE(p->modelPath(), bundledPath(Task::Img2Img));
  const ModelInfo info = ldm::describe_model(p->modelPath().toStdString());
  QCOMPARE(p->strengthBox()->value(), info.defaults.strength);
  QCOMPARE(p->strengthSlider()->value(), int(std::lround(info.defaults.strength * 100)));
  const int m = info.size_multiple;
  QCOMPARE(p->widthBox()->value(), info.native_width);  // no init image yet: the model's size

  GenerationRequest r;
  QString error;
  QVERIFY(!p->makeRequest(&r, &error));
  QVERIFY2(error.contains(QStringLiteral("init image")), qPrintable(error));

  // Opened (here: given as the tab's input, what Open image and a drop do): the size follows it.
  const QImage init = gradient(6 * m, 4 * m);
  w.tabs()->setCurrentIndex(MainWindow::ImageToImageTab);
  p->setInputImage(init);
  QCOMPARE(p->widthBox()->value(), 6 * m);
  QCOMPARE(p->heightBox()->value(), 4 * m);
  QCOMPARE(p->initView()->image().size(), init.size());
  // A size off the model's multiple is rounded to the nearest one.
  p->setInputImage(gradient(2 * m + m / 2 - 1, 3 * m + m / 2 + 1));
  QCOMPARE(p->widthBox()->value(), 2 * m);
  QCOMPARE(p->heightBox()->value(), 4 * m);
  // Pasted: the clipboard's picture.
  QApplication::clipboard()->setImage(init);
  p->pasteAction()->trigger();
  QCOMPARE(p->initImage().size(), init.size());
  QCOMPARE(p->widthBox()->value(), 6 * m);

  // The strength: the slider and the number move together.
  p->strengthSlider()->setValue(40);
  QCOMPARE(p->strengthBox()->value(), 0.40);
  p->strengthBox()->setValue(0.35);
  QCOMPARE(p->strengthSlider()->value(), 35);
  p->promptEdit()->setPlainText(QStringLiteral("a green circle"));
  p->negativeEdit()->setPlainText(QStringLiteral("blurry"));
  p->samplerOptions()->stepsBox()->setValue(9);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(77);
  QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.task, Task::Img2Img);
  QCOMPARE(r.strength, 0.35);
  QCOMPARE(r.prompt, std::string("a green circle"));
  QCOMPARE(r.negative_prompt, std::string("blurry"));
  QCOMPARE(r.width, 6 * m);
  QCOMPARE(r.height, 4 * m);
  QCOMPARE(toQImage(r.init_image).convertToFormat(QImage::Format_RGB888), init);
  QVERIFY(r.loras.empty() && r.vae.empty());  // the bundled model is no Stable Diffusion model

  // Generated from the window (the Generate button): the engine gets that request; saved as a PNG.
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QTest::mouseClick(p->generateButton(), Qt::LeftButton);
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  {
    std::lock_guard<std::mutex> lock(backend->mutex);
    QCOMPARE(backend->lastRequest.task, Task::Img2Img);
    QCOMPARE(backend->lastRequest.strength, 0.35);
    QCOMPARE(backend->lastRequest.init_image.width, 6 * m);
    QCOMPARE(backend->lastRequest.model, p->modelPath().toStdString());
  }
  QTRY_COMPARE(p->resultState(), TaskPanel::ResultState::Result);
  const QString saved = w.history()->entry(0).savedPath;
  QVERIFY(QFileInfo::exists(saved));
  QCOMPARE(ldm::request_from_png(QFile::encodeName(saved).toStdString()).task, Task::Img2Img);

  // Reopened from the file (dropped on another tab): the image-to-image tab, its settings; the file does
  // not hold the init image, so the tab drops the one it had and asks for it.
  p->strengthBox()->setValue(0.9);
  p->promptEdit()->setPlainText(QStringLiteral("something else"));
  p->samplerOptions()->stepsBox()->setValue(30);
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  const QString txt2imgPrompt = w.txt2imgPanel()->promptEdit()->toPlainText();
  dropOn(&w, {saved});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::ImageToImageTab));
  QCOMPARE(w.txt2imgPanel()->promptEdit()->toPlainText(), txt2imgPrompt);
  QCOMPARE(p->strengthBox()->value(), 0.35);
  QCOMPARE(p->promptEdit()->toPlainText(), QStringLiteral("a green circle"));
  QCOMPARE(p->samplerOptions()->stepsBox()->value(), 9);
  QCOMPARE(p->samplerOptions()->seedBox()->value(), 77);
  QVERIFY(p->initImage().isNull());
  QVERIFY2(p->initNote()->text().contains(QStringLiteral("again")), qPrintable(p->initNote()->text()));
  QCOMPARE(p->resultImage().size(), QSize(6 * m, 4 * m));  // the reopened picture shows as the result
  QVERIFY(!p->makeRequest(&r, &error));
  QVERIFY2(error.contains(QStringLiteral("again")), qPrintable(error));

  // Restored from the history of this session: the entry's request holds the init image.
  std::unique_ptr<QMenu> menu(w.history()->createContextMenu(0, nullptr));
  menu->findChild<QAction*>(QStringLiteral("restore"))->trigger();
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::ImageToImageTab));
  QCOMPARE(p->initImage(), init);
  QCOMPARE(p->widthBox()->value(), 6 * m);

  // "Send to" of the history offers this tab; the sent picture becomes the init image.
  w.tabs()->setCurrentIndex(MainWindow::LayoutTab);
  QMenu* send = menu->findChild<QAction*>(QStringLiteral("send"))->menu();
  QAction* toImg2img = nullptr;
  for (QAction* a : send->actions()) {
    if (a->text().contains(QStringLiteral("Image to image"))) toImg2img = a;
  }
  QVERIFY(toImg2img);
  toImg2img->trigger();
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::ImageToImageTab));
  QCOMPARE(QColor(p->initImage().pixel(2, 2)), QColor(qRgb(12, 200, 34)));  // the fake backend's picture
  // Dropping a plain picture on the tab makes it the init image too.
  const QString plain = out.filePath(QStringLiteral("plain.jpg"));
  QVERIFY(flat(3 * m, 2 * m, Qt::red).save(plain));
  dropOn(&w, {plain});
  QCOMPARE(p->initImage().size(), QSize(3 * m, 2 * m));
  QCOMPARE(p->widthBox()->value(), 3 * m);
}

// 2. LoRAs and VAE: offered for Stable Diffusion models only (disabled, with the reason, for the bundled
// models), filled into the requests of the text-to-image, image-to-image and inpainting tabs, kept in
// the settings, restored from a picture.
void TestGui::i22_loraVaeFollowTheModelAndFillRequests() {
  QTemporaryDir dir;
  const QString lora = dir.filePath(QStringLiteral("style.safetensors"));
  writeSd1Lora(lora, 1, 0.3f);
  const QString vae = dir.filePath(QStringLiteral("better-vae.safetensors"));
  QVERIFY(QFile::copy(kSd1Fixture + QStringLiteral("/model.safetensors"), vae));
  {
    auto fake = std::make_unique<test::FakeBackend>(1);
    test::FakeBackend* backend = fake.get();
    MainWindow w(std::move(fake));
    w.setOutputFolder(dir.path());  // not the test home's Pictures: other tests start with an empty history
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // The bundled models are not Stable Diffusion: every tab with the controls has them disabled.
    const QList<TaskPanel*> withLora = {w.txt2imgPanel(), w.img2imgPanel(), w.inpaintPanel()};
    for (int tab = 0; tab < w.tabs()->count(); ++tab) {
      TaskPanel* p = w.panel(tab);
      QCOMPARE(p->loraVaeOptions() != nullptr, withLora.contains(p));
      if (!p->loraVaeOptions()) continue;
      w.tabs()->setCurrentIndex(tab);
      QApplication::processEvents();
      LoraVaeOptions* o = p->loraVaeOptions();
      QVERIFY(o->isVisible());
      QVERIFY2(!o->isEnabled() && !o->addButton()->isEnabled() && !o->vaeBox()->isEnabled(), qPrintable(p->key()));
      QVERIFY2(o->toolTip().contains(QStringLiteral("Stable Diffusion")), qPrintable(o->toolTip()));
    }
    // A list kept while the model is not SD does not reach its requests.
    LoraVaeOptions* t = w.txt2imgPanel()->loraVaeOptions();
    t->addLora(lora, 0.5);
    w.txt2imgPanel()->promptEdit()->setPlainText(QStringLiteral("a cat"));
    GenerationRequest r;
    QString error;
    QVERIFY2(w.txt2imgPanel()->makeRequest(&r, &error), qPrintable(error));
    QVERIFY(r.loras.empty());

    // A Stable Diffusion model: enabled; the list and the VAE fill the request.
    w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
    QVERIFY(w.addModel(kSd1Fixture));
    QCOMPARE(w.txt2imgPanel()->modelPath(), QFileInfo(kSd1Fixture).absoluteFilePath());
    QVERIFY(t->isEnabled() && t->addButton()->isEnabled());
    QVERIFY(t->toolTip().isEmpty());
    t->addLora(dir.filePath(QStringLiteral("second.safetensors")));
    QCOMPARE(t->loraCount(), 2);
    t->strengthBox(1)->setValue(0.8);
    t->setVae(vae);
    QVERIFY2(w.txt2imgPanel()->makeRequest(&r, &error), qPrintable(error));
    QCOMPARE(int(r.loras.size()), 2);
    QCOMPARE(r.loras[0], (LoraRef{lora.toStdString(), 0.5, 0.5}));
    QCOMPARE(r.loras[1], (LoraRef{dir.filePath(QStringLiteral("second.safetensors")).toStdString(), 0.8, 0.8}));
    QCOMPARE(r.vae, vae.toStdString());
    // Removed with its button.
    QTest::mouseClick(t->removeButton(1), Qt::LeftButton);
    QCOMPARE(t->loraCount(), 1);
    // Generated from the window, the engine gets them.
    w.txt2imgPanel()->samplerOptions()->stepsBox()->setValue(2);
    w.generate();
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
    {
      std::lock_guard<std::mutex> lock(backend->mutex);
      QCOMPARE(int(backend->lastRequest.loras.size()), 1);
      QCOMPARE(backend->lastRequest.loras[0].path, lora.toStdString());
      QCOMPARE(backend->lastRequest.vae, vae.toStdString());
    }
    // The image-to-image and inpainting tabs with the SD model: the same, through the same base.
    for (TaskPanel* p : {static_cast<TaskPanel*>(w.img2imgPanel()), static_cast<TaskPanel*>(w.inpaintPanel())}) {
      w.tabs()->setCurrentIndex(w.tabs()->indexOf(p));
      choose(w.modelBox(), QFileInfo(kSd1Fixture).absoluteFilePath());
      QVERIFY2(p->loraVaeOptions()->isEnabled(), qPrintable(p->key()));
      p->loraVaeOptions()->addLora(lora, 0.25);
      p->setInputImage(flat(16, 16, Qt::gray));
      if (p == w.inpaintPanel()) {
        QImage mask(16, 16, QImage::Format_Grayscale8);
        mask.fill(255);
        QVERIFY(w.inpaintPanel()->canvas()->setMask(mask));
      }
      QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
      QCOMPARE(int(r.loras.size()), 1);
      QCOMPARE(r.loras[0].strength, 0.25);
      QVERIFY(r.vae.empty());
    }
    // Back to a bundled model: disabled again, the entry kept but not sent.
    w.tabs()->setCurrentIndex(MainWindow::ImageToImageTab);
    choose(w.modelBox(), bundledPath(Task::Img2Img));
    QVERIFY(!w.img2imgPanel()->loraVaeOptions()->isEnabled());
    QCOMPARE(w.img2imgPanel()->loraVaeOptions()->loraCount(), 1);
    QVERIFY2(w.img2imgPanel()->makeRequest(&r, &error), qPrintable(error));
    QVERIFY(r.loras.empty());
    w.saveSettings();
  }
  // Remembered in the settings, per tab.
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  LoraVaeOptions* t = w.txt2imgPanel()->loraVaeOptions();
  QCOMPARE(t->loraCount(), 1);
  QCOMPARE(t->loras()[0], (LoraRef{lora.toStdString(), 0.5, 0.5}));
  QCOMPARE(t->vae(), vae);
  QVERIFY(t->isEnabled());  // the tab's stored model is the SD one
  QCOMPARE(w.img2imgPanel()->loraVaeOptions()->loraCount(), 1);

  // A picture made with LoRAs (the PNG names them by file) brings them back, strengths apart included.
  GenerationRequest made;
  made.task = Task::Txt2Img;
  made.prompt = "a dog";
  made.model = QFileInfo(kSd1Fixture).absoluteFilePath().toStdString();
  made.loras = {{lora.toStdString(), 0.7, 0.4}};
  const QString png = dir.filePath(QStringLiteral("with-lora.png"));
  ldm::save_png(png.toStdString(), ldm::Image::blank(16, 16, 3, 50), ldm::generation_metadata(made));
  t->removeLora(0);
  t->setVae(QString());
  dropOn(&w, {png});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
  QCOMPARE(t->loraCount(), 1);
  QCOMPARE(QFileInfo(QString::fromStdString(t->loras()[0].path)).fileName(), QStringLiteral("style.safetensors"));
  QCOMPARE(t->loras()[0].strength, 0.7);
  QCOMPARE(t->loras()[0].unet_strength, 0.4);
  // A picture made without any: the list empties (the settings must be those of the picture).
  made.loras.clear();
  const QString plain = dir.filePath(QStringLiteral("without-lora.png"));
  ldm::save_png(plain.toStdString(), ldm::Image::blank(16, 16, 3, 50), ldm::generation_metadata(made));
  dropOn(&w, {plain});
  QCOMPARE(t->loraCount(), 0);
}

// 3. The real engine with the Stable Diffusion fixture: image to image completes at the init image's
// size; a LoRA written here changes the picture of the same seed, and removing it gives the first one
// back; the saved PNG names the task, the LoRA and the strength.
void TestGui::i22_img2imgAndLoraRunTheEngine() {
  QTemporaryDir out;
  const QString lora = out.filePath(QStringLiteral("tiny-style.safetensors"));
  writeSd1Lora(lora, 7, 0.5f);
  MainWindow w;
  w.setOutputFolder(out.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.tabs()->setCurrentIndex(MainWindow::ImageToImageTab);
  QVERIFY(w.addModel(kSd1Fixture));
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::ImageToImageTab));
  Img2ImgPanel* p = w.img2imgPanel();
  QCOMPARE(p->modelPath(), QFileInfo(kSd1Fixture).absoluteFilePath());
  QVERIFY(p->loraVaeOptions()->isEnabled());
  const ModelInfo info = ldm::describe_model(kSd1Fixture.toStdString());
  const QSize size(6 * info.size_multiple, 4 * info.size_multiple);  // not the model's native 16x16
  QVERIFY(size != QSize(info.native_width, info.native_height));
  p->setInputImage(gradient(size.width(), size.height()));
  p->promptEdit()->setPlainText(QStringLiteral("a red circle"));
  p->strengthBox()->setValue(0.75);
  p->samplerOptions()->stepsBox()->setValue(8);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(3);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  QSignalSpy progress(w.worker(), &EngineWorker::progress);
  QImage shown;
  auto run = [&] {  // generates with the Generate button; `shown` = the tab's result
    const int before = finished.count(), entries = w.history()->count();
    progress.clear();
    shown = QImage();
    QTest::mouseClick(p->generateButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == before + 1 || !failed.isEmpty(), 120000);
    if (!failed.isEmpty()) return;
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), entries + 1, 5000);  // the window's slot ran
    shown = p->resultImage();
  };
  QElapsedTimer timer;
  timer.start();
  run();
  const QImage plain = shown;
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QCOMPARE(plain.size(), size);
  QCOMPARE(progress.count(), 6);  // int(0.75 * 8) steps of the 8 (scripts/img2img.py)
  const HistoryEntry first = w.history()->entry(0);
  QCOMPARE(first.request.task, Task::Img2Img);
  QCOMPARE(QImage(first.savedPath).size(), size);

  p->loraVaeOptions()->addLora(lora, 1.0);
  run();
  const QImage withLora = shown;
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QCOMPARE(withLora.size(), size);
  const double changed = meanAbsDifference(plain, withLora);
  QTest::mouseClick(p->loraVaeOptions()->removeButton(0), Qt::LeftButton);
  run();
  const QImage again = shown;
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  qInfo("sd1-tiny img2img %dx%d: 3 runs in %.1f s; LoRA changes the picture by %.2f levels on average", size.width(),
        size.height(), timer.elapsed() / 1000.0, changed);
  QVERIFY2(changed > 0.5, qPrintable(QString::number(changed)));
  QCOMPARE(again, plain);  // the LoRA is taken out again: the same seed gives the same picture

  // The PNG of the LoRA run names the task, the LoRA (by file name) and the strength.
  const GenerationRequest stored = ldm::request_from_png(QFile::encodeName(w.history()->entry(1).savedPath).toStdString());
  QCOMPARE(stored.task, Task::Img2Img);
  QCOMPARE(stored.strength, 0.75);
  QCOMPARE(int(stored.loras.size()), 1);
  QCOMPARE(QFileInfo(QString::fromStdString(stored.loras[0].path)).fileName(), QStringLiteral("tiny-style.safetensors"));
}

// ---- Issue #22: hires fix and outpainting -----------------------------------------------------------

// 4. The hires fix group of the text-to-image tab: off by default (no hires fields in the request), its
// strength the model's; checked, it fills hires_* and strength and says the final size; the picture's
// PNG brings it back (and a picture without it switches it off); hidden for class-conditional models;
// kept in the settings.
void TestGui::i22_hiresFixFillsRequestAndReopens() {
  QTemporaryDir out;
  {
    auto fake = std::make_unique<test::FakeBackend>(1);
    test::FakeBackend* backend = fake.get();
    MainWindow w(std::move(fake));
    w.setOutputFolder(out.path());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    Txt2ImgPanel* p = w.txt2imgPanel();
    const ModelInfo info = ldm::describe_model(p->modelPath().toStdString());
    QCOMPARE(info.size_multiple, 16);  // the sizes below are worked out for the bundled model's multiple
    QVERIFY(p->hiresGroup()->isVisible());
    QVERIFY(p->hiresGroup()->isCheckable() && !p->hiresGroup()->isChecked());
    QCOMPARE(p->hiresScaleBox()->value(), 2.0);
    QCOMPARE(p->hiresScaleBox()->minimum(), 1.0);
    QCOMPARE(p->hiresScaleBox()->maximum(), 4.0);
    QCOMPARE(p->hiresScaleBox()->singleStep(), 0.25);
    QCOMPARE(p->hiresStrengthBox()->value(), info.defaults.strength);
    QCOMPARE(p->hiresStepsBox()->value(), 0);
    QCOMPARE(p->hiresUpscalerBox()->currentData().toString(), QStringLiteral("latent"));
    QCOMPARE(p->hiresUpscalerBox()->count(), 2);

    p->promptEdit()->setPlainText(QStringLiteral("a red circle"));
    GenerationRequest r;
    QString error;
    QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
    QCOMPARE(r.hires_scale, 0.0);  // off
    QVERIFY(r.strength < 0);

    // On: 64 x 48 at 1.5 is 96 x 72, the height rounded to the nearest multiple of 16: 80.
    p->hiresGroup()->setChecked(true);
    p->widthBox()->setValue(64);
    p->heightBox()->setValue(48);
    p->hiresScaleBox()->setValue(1.5);
    QVERIFY2(p->hiresSizeLabel()->text().contains(QStringLiteral("96 × 80")), qPrintable(p->hiresSizeLabel()->text()));
    p->hiresScaleBox()->setValue(2.0);
    QVERIFY2(p->hiresSizeLabel()->text().contains(QStringLiteral("128 × 96")), qPrintable(p->hiresSizeLabel()->text()));
    p->hiresScaleBox()->stepUp();
    QCOMPARE(p->hiresScaleBox()->value(), 2.25);
    p->hiresUpscalerBox()->setCurrentIndex(p->hiresUpscalerBox()->findData(QStringLiteral("bicubic")));
    p->hiresStepsBox()->setValue(7);
    p->hiresStrengthBox()->setValue(0.4);
    p->samplerOptions()->stepsBox()->setValue(3);
    p->samplerOptions()->randomSeedBox()->setChecked(false);
    p->samplerOptions()->seedBox()->setValue(12);
    QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
    QCOMPARE(r.task, Task::Txt2Img);
    QCOMPARE(r.hires_scale, 2.25);
    QCOMPARE(r.hires_upscaler, std::string("bicubic"));
    QCOMPARE(r.hires_steps, 7);
    QCOMPARE(r.strength, 0.4);
    QCOMPARE(r.width, 64);  // the first pass's size
    QCOMPARE(r.height, 48);

    // Generated: the engine gets them, the PNG records them.
    QTest::mouseClick(p->generateButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
    {
      std::lock_guard<std::mutex> lock(backend->mutex);
      QCOMPARE(backend->lastRequest.hires_scale, 2.25);
      QCOMPARE(backend->lastRequest.hires_upscaler, std::string("bicubic"));
      QCOMPARE(backend->lastRequest.hires_steps, 7);
      QCOMPARE(backend->lastRequest.strength, 0.4);
    }
    const QString saved = w.history()->entry(0).savedPath;
    QVERIFY(QFileInfo::exists(saved));

    // Reopened: the group comes back as it was.
    p->hiresGroup()->setChecked(false);
    p->hiresScaleBox()->setValue(3.0);
    p->hiresUpscalerBox()->setCurrentIndex(0);
    p->hiresStepsBox()->setValue(0);
    p->hiresStrengthBox()->setValue(0.9);
    dropOn(&w, {saved});
    QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::TextToImageTab));
    QVERIFY(p->hiresGroup()->isChecked());
    QCOMPARE(p->hiresScaleBox()->value(), 2.25);
    QCOMPARE(p->hiresUpscalerBox()->currentData().toString(), QStringLiteral("bicubic"));
    QCOMPARE(p->hiresStepsBox()->value(), 7);
    QCOMPARE(p->hiresStrengthBox()->value(), 0.4);
    QCOMPARE(p->widthBox()->value(), 64);
    QCOMPARE(p->heightBox()->value(), 48);

    // A picture made without the hires fix switches it off.
    GenerationRequest plain;
    plain.task = Task::Txt2Img;
    plain.prompt = "a blue square";
    plain.width = plain.height = 64;
    const QString plainPng = out.filePath(QStringLiteral("plain.png"));
    ldm::save_png(plainPng.toStdString(), ldm::Image::blank(64, 64, 3, 50), ldm::generation_metadata(plain));
    dropOn(&w, {plainPng});
    QVERIFY(!p->hiresGroup()->isChecked());
    r = GenerationRequest();
    QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
    QCOMPARE(r.hires_scale, 0.0);

    // Kept in the settings.
    p->hiresGroup()->setChecked(true);
    p->hiresScaleBox()->setValue(3.5);
    p->hiresUpscalerBox()->setCurrentIndex(p->hiresUpscalerBox()->findData(QStringLiteral("bicubic")));
    p->hiresStepsBox()->setValue(11);
    p->hiresStrengthBox()->setValue(0.55);
    w.saveSettings();

    // A class-conditional model: no image-to-image pass, the group is hidden and fills nothing.
    QVERIFY(w.addModel(kCinFixture));
    QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Class);
    QVERIFY(!p->hiresGroup()->isVisible());
    r = GenerationRequest();
    QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
    QCOMPARE(r.task, Task::Sample);
    QCOMPARE(r.hires_scale, 0.0);
  }
  MainWindow w(std::make_unique<test::FakeBackend>(1));
  Txt2ImgPanel* p = w.txt2imgPanel();
  QVERIFY(p->hiresGroup()->isChecked());
  QCOMPARE(p->hiresScaleBox()->value(), 3.5);
  QCOMPARE(p->hiresUpscalerBox()->currentData().toString(), QStringLiteral("bicubic"));
  QCOMPARE(p->hiresStepsBox()->value(), 11);
  QCOMPARE(p->hiresStrengthBox()->value(), 0.55);
}

// 5. The hires fix with the real engine (the Stable Diffusion fixture, size multiple 4): 24 x 16 at 2x
// gives a 48 x 32 picture, progress counts both passes, and the PNG records the hires settings.
void TestGui::i22_hiresFixRunsTheEngine() {
  QTemporaryDir out;
  MainWindow w;
  w.setOutputFolder(out.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  QVERIFY(w.addModel(kSd1Fixture));
  Txt2ImgPanel* p = w.txt2imgPanel();
  QCOMPARE(p->modelPath(), QFileInfo(kSd1Fixture).absoluteFilePath());
  QCOMPARE(p->mode(), Txt2ImgPanel::Mode::Text);
  p->promptEdit()->setPlainText(QStringLiteral("a red circle"));
  p->widthBox()->setValue(24);
  p->heightBox()->setValue(16);
  p->samplerOptions()->stepsBox()->setValue(4);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(4);
  p->hiresGroup()->setChecked(true);
  p->hiresScaleBox()->setValue(2.0);
  p->hiresStepsBox()->setValue(6);
  p->hiresStrengthBox()->setValue(0.5);
  QVERIFY2(p->hiresSizeLabel()->text().contains(QStringLiteral("48 × 32")), qPrintable(p->hiresSizeLabel()->text()));
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  QSignalSpy progress(w.worker(), &EngineWorker::progress);
  QElapsedTimer timer;
  timer.start();
  QTest::mouseClick(p->generateButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || !failed.isEmpty(), 120000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 5000);
  qInfo("sd1-tiny hires fix 24x16 -> 48x32: %.1f s", timer.elapsed() / 1000.0);
  QCOMPARE(p->resultImage().size(), QSize(48, 32));
  QCOMPARE(progress.count(), 4 + 3);  // the first pass's 4 steps, then int(0.5 * 6) of the second's 6
  QCOMPARE(progress.last()[2].toInt(), 7);  // the total
  const QString saved = w.history()->entry(0).savedPath;
  QCOMPARE(QImage(saved).size(), QSize(48, 32));
  const GenerationRequest stored = ldm::request_from_png(QFile::encodeName(saved).toStdString());
  QCOMPARE(stored.hires_scale, 2.0);
  QCOMPARE(stored.hires_steps, 6);
  QCOMPARE(stored.strength, 0.5);
  QCOMPARE(stored.width, 24);
}

// 6. Outpainting on the inpainting tab: the margins step by the model's size multiple, show on the canvas
// as a hatched band around the picture (as rounded by the engine's rule), fill outpaint_*, and let the
// tab generate with no painted mask; the PNG brings them back, and a picture without margins clears them.
void TestGui::i22_outpaintMarginsOnCanvasAndRequest() {
  FakeWindow f(1, QString());
  MainWindow& w = *f.window;
  test::FakeBackend* backend = f.backend;
  const QTemporaryDir& out = f.out;
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.tabs()->setCurrentIndex(MainWindow::InpaintTab);
  InpaintPanel* p = w.inpaintPanel();
  QCOMPARE(ldm::describe_model(p->modelPath().toStdString()).size_multiple, 16);
  p->setInputImage(flat(64, 64, Qt::white));
  p->promptEdit()->setPlainText(QStringLiteral("a red circle"));
  GenerationRequest r;
  QString error;
  QVERIFY(!p->makeRequest(&r, &error));  // no mask, no margin
  QVERIFY2(error.contains(QStringLiteral("extend")), qPrintable(error));
  QVERIFY(!p->clearMarginsAction()->isEnabled());

  // Two steps up on the right margin: two size multiples.
  QSpinBox* right = p->marginBox(InpaintPanel::Right);
  right->setFocus();
  QTest::keyClick(right, Qt::Key_Up);
  QTest::keyClick(right, Qt::Key_Up);
  QCOMPARE(right->value(), 32);
  QCOMPARE(p->canvas()->margins(), QMargins(0, 0, 32, 0));
  QVERIFY2(p->outpaintSizeLabel()->text().contains(QStringLiteral("96 × 64")), qPrintable(p->outpaintSizeLabel()->text()));
  QVERIFY(p->clearMarginsAction()->isEnabled());
  QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.task, Task::Inpaint);
  QCOMPARE(r.outpaint_right, 32);
  QCOMPARE(r.outpaint_left + r.outpaint_top + r.outpaint_bottom, 0);
  QVERIFY(r.mask.empty());  // nothing painted: the engine masks the margin
  QCOMPARE(r.init_image.width, 64);

  // The canvas: 400 x 200 for a 96 x 64 extended picture fits at 200/64 = 3.125, centred: 50 px of
  // background on either side, the picture from x = 50 to 250, the margin from 250 to 350.
  MaskCanvas* c = p->canvas();
  c->setFixedSize(400, 200);
  QApplication::processEvents();
  c->fitToView();
  QCOMPARE(c->zoom(), 3.125);
  QCOMPARE(c->imageToWidget(QPointF(0, 0)), QPointF(50, 0));
  const QImage shot = c->grab().toImage();
  const QRgb background = c->palette().color(QPalette::Dark).rgb(), white = qRgb(255, 255, 255);
  QCOMPARE(shot.pixel(20, 100), background);
  QCOMPARE(shot.pixel(150, 100), white);  // the picture, unmasked
  QSet<QRgb> band;
  for (int x = 262; x < 338; ++x) band.insert(shot.pixel(x, 100));
  QVERIFY2(band.size() >= 2, "the margin is hatched");
  for (QRgb px : band) QVERIFY(px != background && px != white);
  QCOMPARE(shot.pixel(380, 100), background);

  // Only a left margin of 5: the engine rounds 69 up to 80, the 11 extra pixels going left as well.
  p->setMargins(QMargins(5, 0, 0, 0));
  QCOMPARE(p->effectiveMargins(), QMargins(16, 0, 0, 0));
  QCOMPARE(c->margins(), QMargins(16, 0, 0, 0));
  QVERIFY2(p->outpaintSizeLabel()->text().contains(QStringLiteral("80 × 64")), qPrintable(p->outpaintSizeLabel()->text()));
  QVERIFY2(p->makeRequest(&r, &error), qPrintable(error));
  QCOMPARE(r.outpaint_left, 5);  // as asked; the engine rounds
  // Left and right: the rounding goes right. 64 + 8 + 10 = 82 -> 96.
  p->setMargins(QMargins(8, 0, 10, 0));
  QCOMPARE(p->effectiveMargins(), QMargins(8, 0, 24, 0));
  p->clearMarginsAction()->trigger();
  QCOMPARE(p->margins(), QMargins());
  QVERIFY(!p->makeRequest(&r, &error));

  // Generated with the right margin and no mask: the engine gets the margins; the PNG reopens with them.
  right->setValue(32);
  p->marginBox(InpaintPanel::Bottom)->setValue(16);
  w.generate();
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 10000);
  {
    std::lock_guard<std::mutex> lock(backend->mutex);
    QCOMPARE(backend->lastRequest.outpaint_right, 32);
    QCOMPARE(backend->lastRequest.outpaint_bottom, 16);
    QVERIFY(backend->lastRequest.mask.empty());
  }
  const QString saved = w.history()->entry(0).savedPath;
  p->setMargins(QMargins());
  w.tabs()->setCurrentIndex(MainWindow::TextToImageTab);
  dropOn(&w, {saved});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::InpaintTab));
  QCOMPARE(p->margins(), QMargins(0, 0, 32, 16));
  // A picture inpainted without margins: none.
  GenerationRequest plain;
  plain.task = Task::Inpaint;
  plain.prompt = "a star";
  const QString plainPng = out.filePath(QStringLiteral("plain-inpaint.png"));
  ldm::save_png(plainPng.toStdString(), ldm::Image::blank(64, 64, 3, 50), ldm::generation_metadata(plain));
  dropOn(&w, {plainPng});
  QCOMPARE(w.tabs()->currentIndex(), int(MainWindow::InpaintTab));
  QCOMPARE(p->margins(), QMargins());
}

// 7. Outpainting with the real engine and the bundled inpainting model: a 64 x 64 picture extended by 32
// pixels on the right, no mask painted, gives a 96 x 64 picture whose left 64 x 64 are the input's pixels.
void TestGui::i22_outpaintRunsTheEngine() {
  QTemporaryDir out;
  MainWindow w;
  w.setOutputFolder(out.path());
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.tabs()->setCurrentIndex(MainWindow::InpaintTab);
  InpaintPanel* p = w.inpaintPanel();
  QCOMPARE(p->modelPath(), bundledPath(Task::Inpaint));
  const QImage input = gradient(64, 64);
  p->setInputImage(input);
  p->promptEdit()->setPlainText(QStringLiteral("a large red circle"));
  p->marginBox(InpaintPanel::Right)->setValue(32);
  p->samplerOptions()->stepsBox()->setValue(4);
  p->samplerOptions()->randomSeedBox()->setChecked(false);
  p->samplerOptions()->seedBox()->setValue(8);
  QSignalSpy finished(w.worker(), &EngineWorker::jobFinished);
  QSignalSpy failed(w.worker(), &EngineWorker::jobFailed);
  QElapsedTimer timer;
  timer.start();
  w.generate();
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || !failed.isEmpty(), 120000);
  QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][1].toString()));
  QTRY_COMPARE_WITH_TIMEOUT(w.history()->count(), 1, 5000);
  qInfo("bundled inpainting model, outpainting 64x64 -> 96x64: %.1f s", timer.elapsed() / 1000.0);
  const QImage result = p->resultImage().convertToFormat(QImage::Format_RGB888);
  QCOMPARE(result.size(), QSize(96, 64));
  QCOMPARE(result.copy(0, 0, 64, 64), input);  // the original pixels kept exactly
  // The new area is the model's, not the edge pixels the engine started from.
  double changed = 0;
  for (int y = 0; y < 64; ++y) {
    for (int x = 64; x < 96; ++x) {
      const QRgb a = result.pixel(x, y), e = input.pixel(63, y);
      changed += std::abs(qRed(a) - qRed(e)) + std::abs(qGreen(a) - qGreen(e)) + std::abs(qBlue(a) - qBlue(e));
    }
  }
  changed /= 3.0 * 32 * 64;
  QVERIFY2(changed > 2, qPrintable(QString::number(changed)));
  const QString saved = w.history()->entry(0).savedPath;
  QCOMPARE(QImage(saved).size(), QSize(96, 64));
  QCOMPARE(ldm::request_from_png(QFile::encodeName(saved).toStdString()).outpaint_right, 32);
}

LDM_GUI_TEST_MAIN(TestGui, "test_gui")

#include "test_gui.moc"
