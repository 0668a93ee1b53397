#pragma once
// ImageEditCommand: one undo step of a painting canvas (MaskCanvas, LabelCanvas): the whole picture
// before and after the edit, which the canvas's `apply` puts back. The pictures are small next to the
// models, and QImage shares them until one is changed.
#include <QImage>
#include <QUndoCommand>

#include <functional>
#include <utility>

namespace ldm::ui {

class ImageEditCommand : public QUndoCommand {
 public:
  using Apply = std::function<void(const QImage&)>;
  // `applied`: the canvas shows `after` already when the command is pushed, so the first redo (the
  // one QUndoStack::push runs) does nothing.
  ImageEditCommand(Apply apply, QImage before, QImage after, const QString& text, bool applied)
      : QUndoCommand(text), m_apply(std::move(apply)), m_before(std::move(before)), m_after(std::move(after)),
        m_skipRedo(applied) {}
  void undo() override { m_apply(m_before); }
  void redo() override {
    if (m_skipRedo) {
      m_skipRedo = false;
      return;
    }
    m_apply(m_after);
  }

 private:
  Apply m_apply;
  QImage m_before, m_after;
  bool m_skipRedo;
};

}  // namespace ldm::ui
