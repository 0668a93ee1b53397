ldm_add_test(test_layout ${CMAKE_CURRENT_LIST_DIR}/test_layout.cpp LABELS pipelines)
