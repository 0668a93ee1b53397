ldm_add_test(test_safetensors ${CMAKE_CURRENT_LIST_DIR}/test_safetensors.cpp LABELS io)
ldm_add_test(test_ckpt ${CMAKE_CURRENT_LIST_DIR}/test_ckpt.cpp LABELS io LIBS ZLIB::ZLIB)
ldm_add_test(test_model_loader ${CMAKE_CURRENT_LIST_DIR}/test_model_loader.cpp LABELS io)
ldm_add_test(test_diffusers ${CMAKE_CURRENT_LIST_DIR}/test_diffusers.cpp LABELS io)
