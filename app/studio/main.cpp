// ldm-studio: the LDM Studio desktop application.
//   ldm-studio [--language CODE] [--prompt TEXT] [--screenshot-dir DIR [--screenshot-size WxH]]
// --screenshot-dir fills the tabs with sample content, generates and renders every tab into DIR (and
// the text-to-image tab once more with the bundled class-conditional model; QWidget::grab, works with
// QT_QPA_PLATFORM=offscreen) and exits; used for the documentation. --screenshot-size
// sets the window size for it (default 1400x880).
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>

#include <QPlainTextEdit>
#include <QTabWidget>

#include "core/runtime/runtime.h"
#include "ui/main_window.h"
#include "ui/txt2img_panel.h"

int main(int argc, char** argv) {
  ldm::init_runtime(argc, argv);  // first: may re-execute the process with the right BLAS kernel
  QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("LDM Studio"));
  QCoreApplication::setApplicationName(QStringLiteral("ldm-studio"));
  QCoreApplication::setApplicationVersion(QStringLiteral(LDM_STUDIO_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("ldm-studio"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("LDM Studio: latent diffusion models on your computer."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption screenshots(QStringLiteral("screenshot-dir"),
                                       QStringLiteral("Run one generation on every tab with the bundled models, save a screenshot of each into DIR and exit."),
                                       QStringLiteral("DIR"));
  const QCommandLineOption language(QStringLiteral("language"),
                                    QStringLiteral("Interface language (en, de, zh_CN); default: settings or system."),
                                    QStringLiteral("CODE"));
  const QCommandLineOption prompt(QStringLiteral("prompt"),
                                  QStringLiteral("Start with this text-to-image prompt and generate it right away (the bundled model unless one is selected)."),
                                  QStringLiteral("TEXT"));
  const QCommandLineOption screenshotSize(QStringLiteral("screenshot-size"),
                                          QStringLiteral("Window size for --screenshot-dir (default 1400x880)."),
                                          QStringLiteral("WxH"), QStringLiteral("1400x880"));
  parser.addOption(screenshots);
  parser.addOption(screenshotSize);
  parser.addOption(prompt);
  parser.addOption(language);
  parser.process(app);

  ldm::ui::installTranslations(parser.isSet(language) ? parser.value(language)
                                                      : QSettings().value(QStringLiteral("language")).toString());

  ldm::ui::MainWindow window;
  window.setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
  window.show();
  if (parser.isSet(screenshots)) {
    const QStringList size = parser.value(screenshotSize).split(QLatin1Char('x'));
    window.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1400, size.value(1).toInt() > 0 ? size.value(1).toInt() : 880);
    window.loadDemoContent();
    QStringList failures, skipped;
    const QStringList files = window.saveDemoScreenshots(parser.value(screenshots), 10 * 60 * 1000, &failures, &skipped);
    for (const QString& f : skipped) std::fprintf(stderr, "ldm-studio: skipped %s\n", qPrintable(f));
    for (const QString& f : failures) std::fprintf(stderr, "ldm-studio: %s\n", qPrintable(f));
    for (const QString& f : files) std::printf("%s\n", qPrintable(f));
    return failures.isEmpty() && files.size() + skipped.size() >= window.tabs()->count() ? 0 : 1;
  }
  if (parser.isSet(prompt)) {
    window.tabs()->setCurrentIndex(0);
    window.txt2imgPanel()->promptEdit()->setPlainText(parser.value(prompt));
    QTimer::singleShot(0, &window, &ldm::ui::MainWindow::generate);
  }
  return app.exec();
}
