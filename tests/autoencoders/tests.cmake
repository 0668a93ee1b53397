ldm_add_test(test_autoencoders ${CMAKE_CURRENT_LIST_DIR}/test_autoencoders.cpp LABELS models parity)
