# Failure drills (#23): the window and the engine when things go wrong outside the program (a burst
# of jobs with cancels, a frozen-window check, unwritable output, a full disk, a checkpoint changed
# under a loaded model, SIGKILL mid-generation, out of memory). Real bundled models, fake backends
# where a model adds nothing. run_drills.sh mounts a 256 KiB tmpfs for the full-disk drill in a
# private mount namespace when it runs as root (else that drill is skipped and says so).
if(TARGET ldm_ui AND TARGET ldm-studio)
  ldm_add_test(test_failure_drills ${CMAKE_CURRENT_LIST_DIR}/test_failure_drills.cpp
               LABELS drills LIBS ldm_ui Qt6::Widgets TIMEOUT 900 COST 24 NO_PCH
               WRAPPER ${CMAKE_CURRENT_LIST_DIR}/run_drills.sh)
  target_compile_definitions(test_failure_drills PRIVATE LDM_STUDIO_EXE="$<TARGET_FILE:ldm-studio>")
  add_dependencies(test_failure_drills ldm-studio)
  set(home ${CMAKE_BINARY_DIR}/test-home/test_failure_drills)
  set_tests_properties(test_failure_drills PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LDM_THREADS=${LDM_TEST_THREADS};HOME=${home};XDG_CONFIG_HOME=${home}/config;XDG_DATA_HOME=${home}/data;XDG_CACHE_HOME=${home}/cache;TMPDIR=${home}/tmp")
endif()
