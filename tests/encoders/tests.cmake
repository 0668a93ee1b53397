ldm_add_test(test_text_encoders ${CMAKE_CURRENT_LIST_DIR}/test_text_encoders.cpp LABELS encoders parity)
# The full-size parameter counts build ~1e9 random parameters (about 2.3 GB, a minute on a busy
# 2-core machine): a separate, slow-labelled run of the same executable (ctest -LE slow skips it).
add_test(NAME test_text_encoders_full_size COMMAND test_text_encoders fullSizeParameterCounts)
set_tests_properties(test_text_encoders_full_size PROPERTIES TIMEOUT 900 LABELS "encoders;slow"
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LDM_THREADS=${LDM_TEST_THREADS};LDM_TEST_FULL_SIZE=1")
ldm_add_test(test_prompt_weighting ${CMAKE_CURRENT_LIST_DIR}/test_prompt_weighting.cpp LABELS encoders parity)
