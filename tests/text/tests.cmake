ldm_add_test(test_tokenizers ${CMAKE_CURRENT_LIST_DIR}/test_tokenizers.cpp LABELS text TIMEOUT 120)
