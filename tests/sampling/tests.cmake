ldm_add_test(test_samplers ${CMAKE_CURRENT_LIST_DIR}/test_samplers.cpp LABELS sampling)
