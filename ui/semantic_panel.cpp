#include "ui/semantic_panel.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QImageWriter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/api/model_info.h"
#include "core/imaging/image_io.h"
#include "core/imaging/label_map.h"
#include "ui/brush_size_row.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/label_canvas.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

namespace {
// The COCO-Stuff labels a landscape is painted with (the paper's semantic synthesis models were trained
// on landscapes), in the order the palette lists them, with their natural colours.
struct LandscapeLabel {
  const char* name;
  QRgb colour;
};
constexpr LandscapeLabel kLandscape[] = {
    {"sky-other", 0x87ceeb}, {"clouds", 0xe4e7ec}, {"mountain", 0x8a7866}, {"hill", 0x8fa35a},
    {"tree", 0x2f6b2f},      {"grass", 0x6cbf4a},  {"water-other", 0x3f7fbf}, {"sea", 0x1f4f8f},
    {"river", 0x4f9fdf},     {"sand", 0xe2c98f},   {"snow", 0xfafafa},   {"rock", 0x7a7a7a},
    {"road", 0x4d4d4d},      {"house", 0xb5523b},  {"bridge", 0x9c6b3f}, {"fence", 0xc8a165},
    {"flower", 0xe75480},    {"bush", 0x4f7f2f},   {"fog", 0xc3c8cd},    {"dirt", 0x8b5a2b},
};

int findName(const std::vector<std::string>& names, const QString& wanted) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (QString::fromStdString(names[i]).compare(wanted, Qt::CaseInsensitive) == 0) return int(i);
  }
  return -1;
}

QIcon swatch(QColor colour) {
  QPixmap pixmap(16, 16);
  pixmap.fill(colour);
  QPainter painter(&pixmap);
  painter.setPen(QColor(0, 0, 0, 110));
  painter.drawRect(0, 0, 15, 15);
  return QIcon(pixmap);
}
}  // namespace

QList<int> SemanticPanel::paletteOrder(const std::vector<std::string>& names) {
  QList<int> order;
  for (const LandscapeLabel& l : kLandscape) {
    const auto it = std::find(names.begin(), names.end(), l.name);
    if (it != names.end()) order << int(it - names.begin());
  }
  for (int i = 0; i < int(names.size()) && i < 256; ++i) {
    if (!order.contains(i)) order << i;
  }
  return order;
}

QColor SemanticPanel::displayColour(const std::string& name, int index) {
  for (const LandscapeLabel& l : kLandscape) {
    if (name == l.name) return QColor(l.colour);
  }
  QString plain = QString::fromStdString(name).toLower();
  if (plain == QLatin1String("background") || plain == QLatin1String("unlabeled")) return QColor(64, 64, 64);
  plain.remove(QLatin1Char(' ')).remove(QLatin1Char('-'));
  if (!plain.isEmpty() && !plain.startsWith(QLatin1Char('#'))) {
    const QColor named = QColor::fromString(plain);  // "red", "light blue", "purple", ...
    if (named.isValid()) return named;
  }
  // Well-spread hues (golden angle) with a few saturation and value steps.
  const double hue = std::fmod(index * 137.508, 360.0) / 360.0;
  return QColor::fromHsvF(float(hue), float(0.45 + 0.15 * (index % 3)), float(0.95 - 0.15 * ((index / 3) % 3)));
}

SemanticPanel::SemanticPanel(QWidget* parent) : TaskPanel(Task::Semantic, parent) {
  m_canvas = new LabelCanvas;

  QToolBar* tools = createCanvasToolBar(tr("Scene tools"));
  tools->addAction(QIcon(QStringLiteral(":/icons/mask-load.svg")), tr("Import label map…"), this, &SemanticPanel::importDialog);
  tools->addAction(QIcon(QStringLiteral(":/icons/mask-save.svg")), tr("Export label map…"), this, &SemanticPanel::exportDialog);
  tools->addSeparator();
  auto* toolGroup = new QActionGroup(this);
  m_brush = addCanvasTool(tools, toolGroup, QStringLiteral(":/icons/brush.svg"), tr("Brush (B)"), QKeySequence(Qt::Key_B),
                          [this] { m_canvas->setTool(LabelCanvas::Tool::Brush); });
  m_fill = addCanvasTool(tools, toolGroup, QStringLiteral(":/icons/bucket.svg"), tr("Fill (F): a region of one label"),
                         QKeySequence(Qt::Key_F), [this] { m_canvas->setTool(LabelCanvas::Tool::Fill); });
  tools->addSeparator();
  addUndoActions(tools, m_canvas->undoStack());
  tools->addAction(QIcon(QStringLiteral(":/icons/clear.svg")), tr("Fill everything with the label"), this, &SemanticPanel::fillAll);
  addActions(tools->actions());

  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);
  auto* labelsLabel = new QLabel(tr("&Labels:"));
  m_filter = new QLineEdit;
  m_filter->setPlaceholderText(tr("Search labels"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setAccessibleName(tr("Search labels"));
  labelsLabel->setBuddy(m_filter);
  m_labels = new QListWidget;
  m_labels->setAccessibleName(tr("Labels"));
  m_labels->setToolTip(tr("The label the brush and the fill paint (right-click the canvas to pick one from it)."));
  m_labels->setMinimumHeight(150);
  column->addWidget(labelsLabel);
  column->addWidget(m_filter);
  column->addWidget(m_labels, 1);

  m_brushSize = new BrushSizeRow(128);
  auto* brushForm = new QFormLayout;
  m_brushSize->addTo(brushForm);
  column->addLayout(brushForm);
  connect(m_brushSize, &BrushSizeRow::sizeChanged, m_canvas, &LabelCanvas::setBrushSize);
  connect(m_canvas, &LabelCanvas::brushSizeChanged, m_brushSize, [this](int v) { m_brushSize->showSize(v); });
  m_brushSize->showSize(m_canvas->brushSize());

  SamplerOptions* options = createSamplerOptions(false);  // the paper's semantic models sample unguided
  createSizeRow();
  for (SizeSpinBox* box : {widthBox(), heightBox()}) {
    box->setKeyboardTracking(false);  // resample once, for the number typed, not for each digit
    box->setToolTip(box->toolTip() + QLatin1Char(' ') + tr("The canvas is the picture's size: a new size resamples the map."));
    connect(box, &QSpinBox::valueChanged, this, [this] { resizeCanvasToBoxes(); });
  }
  column->addWidget(options);
  column->addWidget(createGenerateButton(tr("Draw the scene (Ctrl+Enter)")));

  connect(m_labels, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
    if (item) m_canvas->setLabel(item->data(Qt::UserRole).toInt());
  });
  connect(m_filter, &QLineEdit::textChanged, this, &SemanticPanel::filterLabels);
  connect(m_canvas, &LabelCanvas::labelPicked, this, &SemanticPanel::setCurrentLabel);
  // The canvas is the output size; undoing a resize brings the old size back into the boxes.
  connect(m_canvas, &LabelCanvas::mapChanged, this, [this] {
    const QSignalBlocker a(widthBox()), b(heightBox());
    widthBox()->setValue(m_canvas->mapSize().width());
    heightBox()->setValue(m_canvas->mapSize().height());
  });

  layOutColumns(form, {canvasPane(tools, m_canvas), createResultView(tr("The picture of the scene appears here."))}, 280);
  setFocusProxy(m_canvas);
}

void SemanticPanel::fillLabelList() {
  const QSignalBlocker block(m_labels);
  m_labels->clear();
  for (int i : paletteOrder(m_names)) {
    auto* item = new QListWidgetItem(swatch(QColor(m_canvas->colourOf(i))), QString::fromStdString(m_names[size_t(i)]));
    item->setData(Qt::UserRole, i);
    item->setToolTip(tr("Label %1").arg(i));
    m_labels->addItem(item);
  }
  filterLabels(m_filter->text());
}

void SemanticPanel::filterLabels(const QString& text) {
  for (int row = 0; row < m_labels->count(); ++row) {
    QListWidgetItem* item = m_labels->item(row);
    item->setHidden(!text.isEmpty() && !item->text().contains(text.trimmed(), Qt::CaseInsensitive));
  }
  // Typing narrows the list; the first match becomes the label, as in a search box.
  QListWidgetItem* current = m_labels->currentItem();
  if (!text.isEmpty() && (!current || current->isHidden())) {
    for (int row = 0; row < m_labels->count(); ++row) {
      if (!m_labels->item(row)->isHidden()) {
        m_labels->setCurrentRow(row);
        break;
      }
    }
  }
}

int SemanticPanel::currentLabel() const { return m_canvas->label(); }

void SemanticPanel::setCurrentLabel(int label) {
  for (int row = 0; row < m_labels->count(); ++row) {
    if (m_labels->item(row)->data(Qt::UserRole).toInt() != label) continue;
    if (m_labels->item(row)->isHidden()) m_filter->clear();
    m_labels->setCurrentRow(row);
    return;
  }
  m_canvas->setLabel(label);
}

QString SemanticPanel::labelName(int label) const {
  return label >= 0 && label < int(m_names.size()) ? QString::fromStdString(m_names[size_t(label)]) : QString::number(label);
}

void SemanticPanel::useModel(const ModelInfo& model) {
  m_sizeMultiple = std::max(1, model.size_multiple);
  if (model.class_names == m_names && !m_names.empty()) return;  // the same labels: the map stays
  m_names = model.class_names;
  QVector<QRgb> colours(256, qRgb(0, 0, 0));
  for (int i = 0; i < int(m_names.size()) && i < 256; ++i) colours[i] = displayColour(m_names[size_t(i)], i).rgb();
  m_canvas->setColours(colours);
  fillLabelList();
  // A new start: the canvas in the first listed label (sky, background), the brush on the second.
  const QList<int> order = paletteOrder(m_names);
  m_canvas->resetMap(QSize(widthBox()->value(), heightBox()->value()), order.value(0, 0), false);
  setCurrentLabel(order.value(1, order.value(0, 0)));
}

void SemanticPanel::resizeCanvasToBoxes() {
  const QSize size(widthBox()->value(), heightBox()->value());
  if (size != m_canvas->mapSize()) m_canvas->resample(size);
}

bool SemanticPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (!fillSize(r, error, m_canvas->mapSize())) return false;
  r->task = Task::Semantic;
  r->segmentation = fromQImage(m_canvas->labelMap(), 1);
  samplerOptions()->fillRequest(r);
  return true;
}

void SemanticPanel::applyOwnRequest(const GenerationRequest& r) {
  if (r.segmentation.empty()) return;
  m_canvas->setLabelMap(toQImage(r.segmentation));
  if (r.width > 0 && r.height > 0) m_canvas->resample(QSize(r.width, r.height));
}

bool SemanticPanel::importLabelMap(const QString& path, const QString& palettePath, QString* error) {
  const QString name = QFileInfo(path).fileName();
  Image map;
  try {
    const std::string file = QFile::encodeName(path).toStdString();
    map = palettePath.isEmpty() ? load_label_map(file)
                                : labels_from_colours(load_image(file), load_palette(QFile::encodeName(palettePath).toStdString(), m_names));
  } catch (const std::exception& e) {
    *error = tr("Cannot import %1: %2").arg(name, QString::fromUtf8(e.what()));
    return false;
  }
  const int highest = map.pixels.empty() ? 0 : *std::max_element(map.pixels.begin(), map.pixels.end());
  if (!m_names.empty() && highest >= int(m_names.size())) {
    *error = tr("%1 uses label %2, but the model has %3 labels (0 to %4): choose the model it was painted for.")
                 .arg(name).arg(highest).arg(m_names.size()).arg(m_names.size() - 1);
    return false;
  }
  m_canvas->setLabelMap(toQImage(map));
  const int m = m_sizeMultiple;
  if (map.width % m != 0 || map.height % m != 0) {
    const QSize fitted(std::max(m, (map.width + m / 2) / m * m), std::max(m, (map.height + m / 2) / m * m));
    m_canvas->resample(fitted);
    Q_EMIT statusMessage(tr("%1 is %2×%3 pixels, not a multiple of %4: resampled to %5×%6.")
                             .arg(name).arg(map.width).arg(map.height).arg(m).arg(fitted.width()).arg(fitted.height()));
  }
  return true;
}

bool SemanticPanel::exportLabelMap(const QString& path, QString* error) const {
  QImageWriter writer(path, "png");
  if (!writer.write(m_canvas->labelMap())) {
    *error = tr("Cannot write %1: %2").arg(path, writer.errorString());
    return false;
  }
  return true;
}

void SemanticPanel::importDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Import label map"), QString(),
                                                    tr("Label maps (*.png *.bmp *.tif *.tiff)"));
  if (path.isEmpty()) return;
  QString palette;
  QImageReader reader(path);
  const QImage image = reader.read();
  if (!image.isNull() && !image.allGray()) {
    // A colour picture: its colours mean labels only with a palette.
    if (QMessageBox::question(this, tr("Import label map"),
                              tr("%1 is a colour picture. Choose the palette (a JSON file: label → colour, e.g. "
                                 "{\"sky-other\": \"#87ceeb\"}) that says which colour is which label?")
                                  .arg(QFileInfo(path).fileName())) != QMessageBox::Yes)
      return;
    palette = QFileDialog::getOpenFileName(this, tr("Palette"), QFileInfo(path).absolutePath(), tr("Palettes (*.json)"));
    if (palette.isEmpty()) return;
  }
  QString error;
  if (!importLabelMap(path, palette, &error)) Q_EMIT errorOccurred(error);
}

void SemanticPanel::exportDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Export label map"), QStringLiteral("labels.png"), tr("Label maps (*.png)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) path += QStringLiteral(".png");
  QString error;
  if (!exportLabelMap(path, &error)) Q_EMIT errorOccurred(error);
  else Q_EMIT statusMessage(tr("Label map saved as %1 (8-bit grey, pixel = label)").arg(path));
}

void SemanticPanel::fillAll() { m_canvas->fillRect(QRect(QPoint(0, 0), m_canvas->mapSize()), m_canvas->label()); }

void SemanticPanel::saveOwnSettings(QSettings& s) const {
  s.beginGroup(key());
  s.setValue(QStringLiteral("brush"), m_canvas->brushSize());
  s.endGroup();
}

void SemanticPanel::loadOwnSettings(QSettings& s) {
  s.beginGroup(key());
  m_canvas->setBrushSize(s.value(QStringLiteral("brush"), m_canvas->brushSize()).toInt());
  s.endGroup();
}

void SemanticPanel::loadDemoContent() {
  // Shapes-world models: a red disc and a blue square on the background; COCO-Stuff models: a landscape.
  const QSize size = m_canvas->mapSize();
  const int w = size.width(), h = size.height();
  const QList<int> order = paletteOrder(m_names);
  QImage map(size, QImage::Format_Grayscale8);
  const int sky = findName(m_names, QStringLiteral("sky-other"));
  if (sky >= 0) {
    const int mountain = std::max(0, findName(m_names, QStringLiteral("mountain")));
    const int grass = std::max(0, findName(m_names, QStringLiteral("grass")));
    const int sea = std::max(0, findName(m_names, QStringLiteral("sea")));
    for (int y = 0; y < h; ++y) {
      uchar* row = map.scanLine(y);
      for (int x = 0; x < w; ++x) {
        const double u = (x + 0.5) / w, v = (y + 0.5) / h;
        int label = sky;
        if (v > 0.2 + 1.2 * std::abs(u - 0.35)) label = mountain;  // a peak left of the middle
        if (v > 0.62) label = grass;
        if (v > 0.8 && u > 0.5) label = sea;
        row[x] = uchar(label);
      }
    }
  } else {
    const int background = order.value(0, 0);
    const int red = findName(m_names, QStringLiteral("red")) >= 0 ? findName(m_names, QStringLiteral("red")) : order.value(1, background);
    const int blue = findName(m_names, QStringLiteral("blue")) >= 0 ? findName(m_names, QStringLiteral("blue")) : order.value(2, red);
    const double r = 0.2 * std::min(w, h);
    for (int y = 0; y < h; ++y) {
      uchar* row = map.scanLine(y);
      for (int x = 0; x < w; ++x) {
        const double dx = x + 0.5 - 0.32 * w, dy = y + 0.5 - 0.34 * h;
        int label = background;
        if (dx * dx + dy * dy <= r * r) label = red;
        if (x >= 0.56 * w && x < 0.88 * w && y >= 0.56 * h && y < 0.88 * h) label = blue;
        row[x] = uchar(label);
      }
    }
  }
  m_canvas->setLabelMap(map);
}

}  // namespace ldm::ui
