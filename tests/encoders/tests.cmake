ldm_add_test(test_text_encoders ${CMAKE_CURRENT_LIST_DIR}/test_text_encoders.cpp LABELS encoders parity)
