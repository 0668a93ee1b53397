ldm_add_test(test_samplers ${CMAKE_CURRENT_LIST_DIR}/test_samplers.cpp LABELS sampling)
ldm_add_test(test_sampler_parity ${CMAKE_CURRENT_LIST_DIR}/test_sampler_parity.cpp LABELS sampling parity)
