ldm_add_test(test_layout ${CMAKE_CURRENT_LIST_DIR}/test_layout.cpp LABELS pipelines)
ldm_add_test(test_tiling ${CMAKE_CURRENT_LIST_DIR}/test_tiling.cpp LABELS pipelines)
ldm_add_test(test_pipelines ${CMAKE_CURRENT_LIST_DIR}/test_pipelines.cpp LABELS pipelines TIMEOUT 1200)
ldm_add_test(test_zoo_families ${CMAKE_CURRENT_LIST_DIR}/test_zoo_families.cpp LABELS pipelines parity)
