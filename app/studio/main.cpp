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

namespace {

// True where Qt would find no window system: no platform asked for (QT_QPA_PLATFORM, -platform) and
// neither an X11 nor a Wayland display in the environment. Qt itself prints four lines about
// plugins there, which tell a user nothing they can act on.
bool noDisplay(const QStringList& args) {
  if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || args.contains(QStringLiteral("-platform"))) return false;
  return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

}  // namespace

int main(int argc, char** argv) {
  ldm::init_runtime(argc, argv);  // first: may re-execute the process with the right BLAS kernel
  QCoreApplication::setOrganizationName(QStringLiteral("LDM Studio"));
  QCoreApplication::setApplicationName(QStringLiteral("ldm-studio"));
  QCoreApplication::setApplicationVersion(QStringLiteral(LDM_STUDIO_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("LDM Studio: latent diffusion models on your computer."));
  const QCommandLineOption help = parser.addHelpOption();
  const QCommandLineOption version = parser.addVersionOption();
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

  // The options are read before the window system is opened, so that --help, --version and a
  // mistyped option answer in a terminal without a display too. Qt's own options (-platform, -style,
  // ...) are QApplication's: they are let through here and read by it below.
  QStringList args;
  for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);  // -platform is one option
  if (!parser.parse(args)) {
    static const QStringList qtOptions = {QStringLiteral("platform"), QStringLiteral("style"), QStringLiteral("stylesheet"),
                                          QStringLiteral("widgetcount"), QStringLiteral("reverse"), QStringLiteral("qmljsdebugger"),
                                          QStringLiteral("session"), QStringLiteral("display"), QStringLiteral("geometry"),
                                          QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowtitle"), QStringLiteral("qwindowicon"),
                                          QStringLiteral("plugin"), QStringLiteral("platformpluginpath"), QStringLiteral("platformtheme")};
    bool onlyQt = true;
    for (const QString& name : parser.unknownOptionNames()) onlyQt = onlyQt && qtOptions.contains(name);
    if (!onlyQt || parser.unknownOptionNames().isEmpty()) {
      QString error = parser.errorText();
      if (error.endsWith(QLatin1Char('.'))) error.chop(1);
      std::fprintf(stderr, "ldm-studio: %s; see ldm-studio --help\n", qPrintable(error));
      return 2;
    }
  }
  if (parser.isSet(help) || parser.isSet(version)) {
    const QCoreApplication core(argc, argv);  // for the program's name in the usage line
    if (parser.isSet(help)) parser.showHelp(0);
    parser.showVersion();
  }
  if (noDisplay(args)) {
    std::fprintf(stderr,
                 "ldm-studio: there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set): start it "
                 "from a desktop session, or use the ldm command-line tool, which runs every task without one\n");
    return 1;
  }

  QGuiApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
  QApplication app(argc, argv);
  QGuiApplication::setDesktopFileName(QStringLiteral("ldm-studio"));
  parser.process(app);  // again, now without Qt's options (QApplication took them out of argv)

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
