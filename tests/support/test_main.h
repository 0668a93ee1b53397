#pragma once
// LDM_TEST_MAIN(Class): QTEST_GUILESS_MAIN plus the runtime setup every ldm program does
// (BLAS kernel selection, thread count), so tests measure the same code paths users run.
#include <QtTest/QtTest>

#include "core/runtime/runtime.h"

#define LDM_TEST_MAIN(TestObject)                          \
  int main(int argc, char** argv) {                        \
    ldm::init_runtime(argc, argv);                         \
    QCoreApplication app(argc, argv);                      \
    TestObject tc;                                         \
    QTEST_SET_MAIN_SOURCE_PATH                             \
    return QTest::qExec(&tc, argc, argv);                  \
  }
