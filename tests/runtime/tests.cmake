ldm_add_test(test_cpu_allocator ${CMAKE_CURRENT_LIST_DIR}/test_cpu_allocator.cpp LABELS runtime TIMEOUT 120)
