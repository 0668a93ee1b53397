#include "ui/engine_worker.h"

#include <QElapsedTimer>

#include "core/error.h"
#include "ui/image_convert.h"

namespace ldm::ui {

// Lives on the worker thread; owns the backend so that the Engine is created, used and
// destroyed there.
class WorkerRunner : public QObject {
  Q_OBJECT
 public:
  WorkerRunner(EngineWorker* owner, std::unique_ptr<GenerationBackend> backend)
      : m_owner(owner), m_backend(std::move(backend)) {}

  Q_SLOT void drain() {
    EngineWorker::Job job;
    bool ran = false;
    while (m_owner->takeJob(&job)) {
      runJob(job);
      --m_owner->m_outstanding;
      ran = true;
    }
    if (ran) Q_EMIT m_owner->idle();
  }

  Q_SLOT void querySystem() {
    SystemInfo info;
    try {
      info = m_backend->systemInfo();
    } catch (const std::exception&) {
      info.devices.push_back({"cpu", "CPU", 0, {"fp32"}});
    }
    Q_EMIT m_owner->systemInfoReady(info);
  }

 private:
  void runJob(const EngineWorker::Job& job) {
    const int id = job.id;
    Q_EMIT m_owner->jobStarted(id, QString::fromUtf8(task_name(job.request.task)));
    QElapsedTimer timer;
    timer.start();
    auto onStep = [this, id, &timer](const StepInfo& info) {
      double itsPerSec = info.its_per_sec;
      double eta = info.eta_seconds;
      if (itsPerSec <= 0 && info.step > 0) {
        const double elapsed = timer.elapsed() / 1000.0;
        itsPerSec = elapsed > 0 ? info.step / elapsed : 0;
        eta = itsPerSec > 0 ? (info.total - info.step) / itsPerSec : 0;
      }
      if (!info.preview.empty())
        Q_EMIT m_owner->previewReady(id, toQImage(info.preview), info.step, info.total, info.decoded_preview);
      Q_EMIT m_owner->progress(id, info.step, info.total, itsPerSec, eta);
    };
    try {
      RunOptions options;
      options.on_step = onStep;
      options.previews = true;  // the window shows them
      options.cancel = &m_owner->m_cancel;
      options.memory = job.memory;
      GenerationResult result = m_backend->run(job.request, options);
      JobResult out;
      out.jobId = id;
      for (const Image& image : result.images) out.images.append(toQImage(image));
      out.request = result.request;
      out.modelName = QString::fromStdString(result.model.name);
      out.seconds = result.seconds > 0 ? result.seconds : timer.elapsed() / 1000.0;
      out.lowMemory = result.low_memory;
      for (const std::string& w : result.warnings) out.warnings.append(QString::fromStdString(w));
      Q_EMIT m_owner->jobFinished(out);
    } catch (const Cancelled&) {
      Q_EMIT m_owner->jobCancelled(id);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::Cancelled) Q_EMIT m_owner->jobCancelled(id);
      else Q_EMIT m_owner->jobFailed(id, QString::fromUtf8(e.what()), e.code());
    } catch (const std::exception& e) {
      Q_EMIT m_owner->jobFailed(id, QString::fromUtf8(e.what()), ErrorCode::Unspecified);
    } catch (...) {
      Q_EMIT m_owner->jobFailed(id, QStringLiteral("unknown error"), ErrorCode::Unspecified);
    }
  }

  EngineWorker* m_owner;
  std::unique_ptr<GenerationBackend> m_backend;
};

EngineWorker::EngineWorker(std::unique_ptr<GenerationBackend> backend, QObject* parent) : QObject(parent) {
  qRegisterMetaType<ldm::ui::JobResult>();
  qRegisterMetaType<ldm::SystemInfo>();
  qRegisterMetaType<ldm::ErrorCode>();
  if (!backend) backend = std::make_unique<EngineBackend>();
  m_runner = new WorkerRunner(this, std::move(backend));
  m_runner->moveToThread(&m_thread);
  // Destroy the runner (and with it the Engine) on the worker thread itself.
  WorkerRunner* runner = m_runner;
  connect(&m_thread, &QThread::finished, runner, [runner] { delete runner; }, Qt::DirectConnection);
  m_thread.setObjectName(QStringLiteral("EngineWorker"));
  m_thread.start();
}

EngineWorker::~EngineWorker() {
  cancel();
  m_thread.quit();
  m_thread.wait();
}

int EngineWorker::submit(const GenerationRequest& request, MemoryUse memory) {
  int id = 0;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    id = m_nextId++;
    m_queue.push_back({id, request, memory});
    ++m_outstanding;
  }
  QMetaObject::invokeMethod(m_runner, "drain", Qt::QueuedConnection);
  return id;
}

void EngineWorker::cancel() {
  std::deque<Job> dropped;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_cancel = true;
    dropped.swap(m_queue);
    m_outstanding -= static_cast<int>(dropped.size());
  }
  for (const Job& job : dropped) Q_EMIT jobCancelled(job.id);
}

void EngineWorker::querySystem() { QMetaObject::invokeMethod(m_runner, "querySystem", Qt::QueuedConnection); }

bool EngineWorker::isBusy() const { return m_outstanding.load() > 0; }

int EngineWorker::queuedCount() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return static_cast<int>(m_queue.size());
}

bool EngineWorker::takeJob(Job* job) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_queue.empty()) return false;
  *job = std::move(m_queue.front());
  m_queue.pop_front();
  // Under the lock: a cancel() that arrives after this point applies to this job.
  m_cancel = false;
  return true;
}

}  // namespace ldm::ui

#include "engine_worker.moc"
