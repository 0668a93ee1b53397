# ldm_imaging: PNG metadata, image files, conversions, resizing and masks (against the ldm-sr-tiny
# and ldm-inpaint-tiny references and against LibTorch's own interpolation kernels).
if(TARGET ldm_imaging)
  ldm_add_test(test_imaging ${CMAKE_CURRENT_LIST_DIR}/test_imaging.cpp LABELS imaging LIBS ldm_imaging NO_PCH)
endif()
