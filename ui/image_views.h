#pragma once
// Read-only image widgets: ImageView (fits an image, with a placeholder text) and CompareView
// (before/after with a movable split line).
#include <QImage>
#include <QWidget>

namespace ldm::ui {

// The largest rectangle of `content`'s aspect ratio inside `area`, centred: where every view and canvas
// of the GUI draws its picture (empty for an empty content).
QRectF fitRect(const QSizeF& content, const QRectF& area);

class ImageView : public QWidget {
  Q_OBJECT
 public:
  explicit ImageView(QWidget* parent = nullptr);
  void setImage(const QImage& image);
  QImage image() const { return m_image; }
  void setPlaceholderText(const QString& text);
  void setCaption(const QString& caption);  // drawn at the bottom (e.g. "Step 3/20")
  QString caption() const { return m_caption; }
  QSize sizeHint() const override { return {512, 512}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QImage m_image;
  QString m_placeholder;
  QString m_caption;
};

class CompareView : public QWidget {
  Q_OBJECT
 public:
  explicit CompareView(QWidget* parent = nullptr);
  void setBefore(const QImage& image);
  void setAfter(const QImage& image);
  QImage before() const { return m_before; }
  QImage after() const { return m_after; }
  // The corner labels (e.g. "Before · 16×16") and a caption band at the bottom ("Preview · step 3 of 20").
  void setLabels(const QString& before, const QString& after);
  void setCaption(const QString& caption);
  QString caption() const { return m_caption; }
  double split() const { return m_split; }
  QSize sizeHint() const override { return {512, 512}; }

 public Q_SLOTS:
  void setSplit(double fraction);  // 0 = all "after", 1 = all "before"

 Q_SIGNALS:
  void splitChanged(double fraction);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  QRectF targetRect() const;
  QImage m_before, m_after;
  QString m_beforeLabel, m_afterLabel, m_caption;
  double m_split = 0.5;
};

}  // namespace ldm::ui
