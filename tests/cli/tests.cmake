# End-to-end runs of the `ldm` executable: files in, files out, metadata read back, exit codes.
if(TARGET ldm_imaging AND TARGET ldm)
  ldm_add_test(test_cli ${CMAKE_CURRENT_LIST_DIR}/test_cli.cpp LABELS cli LIBS ldm_imaging NO_PCH TIMEOUT 900 COST 114)
  target_compile_definitions(test_cli PRIVATE LDM_CLI_PATH="$<TARGET_FILE:ldm>" LDM_SOURCE_ROOT="${PROJECT_SOURCE_DIR}")
  add_dependencies(test_cli ldm)
endif()
