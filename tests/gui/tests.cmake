# Widget tests: QTest mouse/key events on the canvases and the main window, with a fake
# generation backend (tests/gui/fake_backend.h) and, where a real picture is needed, the real
# Engine with the bundled 64x64 models.
#
# Every GUI test runs with a HOME, XDG folders and TMPDIR of its own inside the build folder, so
# that nothing a test does (auto-saved pictures, settings, the trash) reaches the user's own
# folders; test_gui's isolatedFromUserHome and the screenshots run check it.
if(TARGET ldm_ui)
  set(LDM_GUI_TEST_HOME ${CMAKE_BINARY_DIR}/test-home)
  ldm_add_test(test_gui ${CMAKE_CURRENT_LIST_DIR}/test_gui.cpp ${CMAKE_CURRENT_LIST_DIR}/fake_backend.h
               LABELS gui LIBS ldm_ui Qt6::Widgets TIMEOUT 1200 NO_PCH)
  target_compile_definitions(test_gui PRIVATE LDM_BUILD_DIR="${CMAKE_BINARY_DIR}")
  set(home ${LDM_GUI_TEST_HOME}/test_gui)
  # The offscreen screen is a desktop's (tests/gui/offscreen-screen.json, 1600x1000), not the plugin's
  # default 800x600, on which a new window would start maximised (MainWindow::firstWindowSize).
  set_tests_properties(test_gui PROPERTIES ENVIRONMENT
    "QT_QPA_PLATFORM=offscreen:configfile=${CMAKE_CURRENT_LIST_DIR}/offscreen-screen.json;LDM_THREADS=${LDM_TEST_THREADS};LDM_TEST_HOME=${home};HOME=${home};XDG_CONFIG_HOME=${home}/config;XDG_DATA_HOME=${home}/data;XDG_CACHE_HOME=${home}/cache;TMPDIR=${home}/tmp")
  # The documentation screenshots: one PNG per tab from the real executable, run in its own home;
  # the script fails if the user's real pictures or settings folders changed meanwhile.
  add_test(NAME ldm_studio_screenshots
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_isolated.sh $<TARGET_FILE:ldm-studio>
                   ${LDM_GUI_TEST_HOME}/screenshots ${CMAKE_BINARY_DIR}/screenshots)
  set_tests_properties(ldm_studio_screenshots PROPERTIES LABELS gui TIMEOUT 900)
  # Every string the GUI shows has a German and a Chinese translation, and the committed .ts files
  # are what lupdate writes for the current sources (the project file is qt_add_translations').
  add_test(NAME translations_are_complete
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/check_translations.py $<TARGET_FILE:Qt6::lupdate>
                   ${Qt6LinguistTools_DIR}/GenerateLUpdateProject.cmake
                   ${CMAKE_BINARY_DIR}/ui/.lupdate/ldm_ui_project.cmake
                   ${PROJECT_SOURCE_DIR}/translations/ldm_studio_zh_CN.ts
                   ${PROJECT_SOURCE_DIR}/translations/ldm_studio_de.ts
                   ${PROJECT_SOURCE_DIR}/translations/ldm_studio_en.ts)
  set_tests_properties(translations_are_complete PROPERTIES LABELS gui TIMEOUT 120)
endif()
