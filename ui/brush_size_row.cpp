#include "ui/brush_size_row.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

namespace ldm::ui {

BrushSizeRow::BrushSizeRow(int maximum, QWidget* parent) : QWidget(parent) {
  m_slider = new QSlider(Qt::Horizontal);
  m_slider->setAccessibleName(tr("Brush size"));
  m_box = new QSpinBox;
  m_box->setSuffix(tr(" px"));
  m_box->setToolTip(tr("Brush diameter in pixels of the picture ([ and ] change it)"));
  m_slider->setRange(1, maximum);
  m_box->setRange(1, maximum);
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(m_slider, 1);
  row->addWidget(m_box);
  connect(m_slider, &QSlider::valueChanged, this, &BrushSizeRow::sizeChanged);
  connect(m_box, &QSpinBox::valueChanged, this, &BrushSizeRow::sizeChanged);
}

void BrushSizeRow::addTo(QFormLayout* form) {
  form->addRow(tr("Brush si&ze:"), this);
  static_cast<QLabel*>(form->labelForField(this))->setBuddy(m_slider);
}

void BrushSizeRow::showSize(int diameter, int maximum) {
  const QSignalBlocker a(m_slider), b(m_box);
  if (maximum > 0) {
    m_slider->setRange(1, maximum);
    m_box->setRange(1, maximum);
  }
  m_slider->setValue(diameter);
  m_box->setValue(diameter);
}

}  // namespace ldm::ui
