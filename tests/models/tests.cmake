ldm_add_test(test_unet ${CMAKE_CURRENT_LIST_DIR}/test_unet.cpp LABELS models parity)
ldm_add_test(test_zoo_configs ${CMAKE_CURRENT_LIST_DIR}/test_zoo_configs.cpp LABELS models zoo TIMEOUT 1500 COST 116 NO_SANITIZE)
