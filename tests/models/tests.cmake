ldm_add_test(test_unet ${CMAKE_CURRENT_LIST_DIR}/test_unet.cpp LABELS models parity)
