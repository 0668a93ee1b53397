#pragma once
// LDM_GUI_TEST_MAIN(Class, "name"): main() of a widget suite. CTest gives each GUI suite a HOME, XDG
// folders and TMPDIR of its own inside the build folder (tests/gui/tests.cmake); they are created here
// (QDir::tempPath() is empty until TMPDIR exists), and QSettings goes to a scratch folder of the run.
#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#define LDM_GUI_TEST_MAIN(TestObject, appName)                                                   \
  int main(int argc, char** argv) {                                                              \
    if (!qEnvironmentVariableIsEmpty("TMPDIR")) QDir().mkpath(qEnvironmentVariable("TMPDIR"));   \
    QDir().mkpath(QDir::homePath());                                                             \
    QApplication app(argc, argv);                                                                \
    QCoreApplication::setOrganizationName(QStringLiteral("LDM Studio Tests"));                   \
    QCoreApplication::setApplicationName(QStringLiteral(appName));                               \
    QTemporaryDir settingsDir;                                                                   \
    QSettings::setDefaultFormat(QSettings::IniFormat);                                           \
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());          \
    TestObject tc;                                                                               \
    return QTest::qExec(&tc, argc, argv);                                                        \
  }
