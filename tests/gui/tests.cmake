# Widget tests: QTest mouse/key events on the canvases and the main window, with a fake
# generation backend (tests/gui/fake_backend.h) and, for error handling, the real Engine.
if(TARGET ldm_ui)
  ldm_add_test(test_gui ${CMAKE_CURRENT_LIST_DIR}/test_gui.cpp ${CMAKE_CURRENT_LIST_DIR}/fake_backend.h
               LABELS gui LIBS ldm_ui Qt6::Widgets TIMEOUT 1200 NO_PCH)
  # The documentation screenshots: one PNG per tab from the real executable.
  add_test(NAME ldm_studio_screenshots
           COMMAND ldm-studio --screenshot-dir ${CMAKE_BINARY_DIR}/screenshots)
  set_tests_properties(ldm_studio_screenshots PROPERTIES LABELS gui TIMEOUT 900
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;XDG_CONFIG_HOME=${CMAKE_BINARY_DIR}/test-config")
endif()
