// AtomicFile, the one way results, models and caches are written (#23 failure drills): a process
// killed in the middle of a write leaves nothing in the folder, a full disk is one error and no
// file, an existing file is never replaced unless asked for.
#include <QtTest/QtTest>

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Runs `body` in a child process and returns its exit status (or 128 + the signal that ended it).
template <class F>
int in_child(F body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

class TestAtomicFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesAndNeverOverwrites() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("a.png")).toStdString();
    {
      AtomicFile f(path, false);
      f.write("first", 5);
      f.commit();
    }
    QCOMPARE(read_all(path), std::string("first"));
    QVERIFY_THROWS_EXCEPTION(Error, AtomicFile(path, false));
    // A file that appears while another is being written is not clobbered either.
    const std::string late = dir.filePath(QStringLiteral("b.png")).toStdString();
    {
      AtomicFile f(late, false);
      f.write("mine", 4);
      std::ofstream(late) << "theirs";
      QVERIFY_THROWS_EXCEPTION(Error, f.commit());
    }
    QCOMPARE(read_all(late), std::string("theirs"));
    // overwrite=true replaces, in one step.
    {
      AtomicFile f(path, true);
      f.write("second", 6);
      f.commit();
    }
    QCOMPARE(read_all(path), std::string("second"));
    QCOMPARE(entries(dir.path()), QStringList({QStringLiteral("a.png"), QStringLiteral("b.png")}));
  }

  void abandonedWriteLeavesNothing() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("c.png")).toStdString();
    {
      AtomicFile f(path, false);
      f.write("partial", 7);
    }  // no commit: an exception on the way
    QVERIFY(entries(dir.path()).isEmpty());
  }

  // kill -9 in the middle of a write (after half of the data): the folder stays empty. With named
  // temporary files (the fallback without O_TMPFILE) a "c.png.tmp-XXXXXX" would be left.
  void killedMidWriteLeavesNothing() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("killed.png")).toStdString();
    const int status = in_child([&] {
      AtomicFile f(path, false);
      const std::string half(1 << 20, 'x');
      f.write(half.data(), half.size());
      ::raise(SIGKILL);
    });
    QCOMPARE(status, 128 + SIGKILL);
    QVERIFY2(entries(dir.path()).isEmpty(), qPrintable(entries(dir.path()).join(QLatin1Char(' '))));
    // The same for a replacing write: the old file stays as it was.
    {
      AtomicFile f(path, true);
      f.write("old", 3);
      f.commit();
    }
    QCOMPARE(in_child([&] {
               AtomicFile f(path, true);
               f.write("new", 3);
               ::raise(SIGKILL);
             }),
             128 + SIGKILL);
    QCOMPARE(entries(dir.path()), QStringList({QStringLiteral("killed.png")}));
    QCOMPARE(read_all(path), std::string("old"));
  }

  // A full disk: a 64 KiB tmpfs in a mount namespace of a child process (root only). The write of
  // 1 MiB is one error naming the file and the cause; nothing is left on the file system.
  void fullDiskIsOneErrorAndNoFile() {
    if (::geteuid() != 0) QSKIP("mounting a small tmpfs needs root");
    QTemporaryDir dir;
    const std::string mount_point = dir.path().toStdString();
    const std::string report = QDir(QDir::tempPath()).filePath(QStringLiteral("atomic-full-%1.txt")).arg(::getpid()).toStdString();
    const int status = in_child([&] {
      if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          ::mount("none", mount_point.c_str(), "tmpfs", 0, "size=64k") != 0)
        ::_exit(77);
      std::string message = "no error";
      try {
        AtomicFile f(mount_point + "/full.png", false);
        const std::string data(1 << 20, 'x');
        f.write(data.data(), data.size());
        f.commit();
      } catch (const Error& e) {
        message = e.what();
      }
      const bool empty = entries(QString::fromStdString(mount_point)).isEmpty();
      std::ofstream(report) << message << "\n" << (empty ? "empty" : "not empty");
      ::_exit(0);
    });
    if (status == 77) QSKIP("this machine does not allow a private tmpfs (unshare/mount refused)");
    QCOMPARE(status, 0);
    const std::string text = read_all(report);
    std::remove(report.c_str());
    qInfo("full disk: %s", text.c_str());
    QVERIFY2(text.find("cannot write " + mount_point + "/full.png: No space left on device") == 0, text.c_str());
    QVERIFY(text.find("\nempty") != std::string::npos);
  }

  void unwritableFolderIsOneError() {
    QTemporaryDir dir;
    // A folder below a plain file cannot exist, whoever runs the test (root ignores permissions).
    std::ofstream(dir.filePath(QStringLiteral("file")).toStdString()) << "x";
    const std::string path = dir.filePath(QStringLiteral("file/sub/out.png")).toStdString();
    try {
      AtomicFile f(path, false);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()) == "cannot write " + path + ": Not a directory", e.what());
    }
  }
};

LDM_TEST_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
