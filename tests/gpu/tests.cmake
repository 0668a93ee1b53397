# The CUDA-only code compiled on this machine too (check_cuda_code.sh): a change that would break the
# GPU build fails here. Skipped (77) without nvcc and the CUDA headers; not under ASan (compile only).
find_program(LDM_NVCC nvcc HINTS /usr/local/cuda/bin)
if(LDM_NVCC)
  add_test(NAME cuda_code_compiles
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check_cuda_code.sh ${LDM_NVCC} ${CMAKE_CXX_COMPILER}
                   ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/cuda_code_check "${TORCH_INCLUDE_DIRS}")
  set_tests_properties(cuda_code_compiles PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS compile COST 30)
endif()
