#pragma once
// EngineWorker: one long-lived QThread that owns the generation backend (the ldm::Engine and
// its loaded models). Jobs are queued; each one reports previews and progress through queued
// signals. Cancel sets the atomic flag the engine checks every sampler step.
#include <QImage>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

#include "core/api/generation_request.h"
#include "core/api/system_info.h"
#include "core/error.h"
#include "ui/generation_backend.h"

namespace ldm::ui {

struct JobResult {
  int jobId = 0;
  QList<QImage> images;
  GenerationRequest request;  // as run (seed resolved)
  QString modelName;
  double seconds = 0;
  bool lowMemory = false;  // the model's parts took turns (GenerationResult::low_memory)
  QStringList warnings;
};

class WorkerRunner;

class EngineWorker : public QObject {
  Q_OBJECT
 public:
  // `backend` = nullptr: the real Engine.
  explicit EngineWorker(std::unique_ptr<GenerationBackend> backend = nullptr, QObject* parent = nullptr);
  ~EngineWorker() override;

  // Queues a job; returns its id (> 0). `memory`: how much of the model stays loaded (RunOptions).
  int submit(const GenerationRequest& request, MemoryUse memory = MemoryUse::Auto);
  // Asks the backend, on the worker thread, what this machine can run; answers with systemInfoReady.
  void querySystem();
  // Cancels the running job (within one sampler step) and drops the queued ones.
  void cancel();
  bool isBusy() const;
  int queuedCount() const;

 Q_SIGNALS:
  void jobStarted(int jobId, const QString& task);
  // `decoded`: the model's decoder made it (else a projection of the latent); one kind per run.
  void previewReady(int jobId, const QImage& preview, int step, int total, bool decoded);
  void progress(int jobId, int step, int total, double itsPerSec, double etaSeconds);
  void jobFinished(const ldm::ui::JobResult& result);
  // `message`: the engine's one line; `code`: what went wrong (ldm::ErrorCode), for the window to
  // explain in its own words.
  void jobFailed(int jobId, const QString& message, ldm::ErrorCode code);
  void systemInfoReady(const ldm::SystemInfo& info);
  void jobCancelled(int jobId);
  void idle();

 private:
  friend class WorkerRunner;
  struct Job {
    int id = 0;
    GenerationRequest request;
    MemoryUse memory = MemoryUse::Auto;
  };
  bool takeJob(Job* job);  // called by the runner on the worker thread

  QThread m_thread;
  WorkerRunner* m_runner = nullptr;
  mutable std::mutex m_mutex;
  std::deque<Job> m_queue;
  std::atomic<bool> m_cancel{false};
  std::atomic<int> m_outstanding{0};  // queued + running
  int m_nextId = 1;
};

}  // namespace ldm::ui

Q_DECLARE_METATYPE(ldm::ui::JobResult)
Q_DECLARE_METATYPE(ldm::SystemInfo)
Q_DECLARE_METATYPE(ldm::ErrorCode)
