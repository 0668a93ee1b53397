# The installed layout: both programs run from a scratch `cmake --install` prefix.
if(TARGET ldm-studio AND TARGET ldm_imaging)
  add_test(NAME test_installed_layout COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_installed_layout.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR})
  set_tests_properties(test_installed_layout PROPERTIES LABELS install TIMEOUT 600)
  # The Debian package: cpack from the built tree into a scratch folder, checked (Depends, files, AppStream,
  # lintian), unpacked with dpkg -x and both programs run from there.
  add_test(NAME test_deb_package COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_deb_package.sh ${CMAKE_BINARY_DIR} ${PROJECT_SOURCE_DIR})
  set_tests_properties(test_deb_package PROPERTIES LABELS install TIMEOUT 300 COST 36)
endif()
# installer/install-deps.sh's LibTorch choice for a GPU (fake nvidia-smi/python3, a local archive; no apt, no network).
add_test(NAME test_install_deps_gpu COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_install_deps_gpu.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(test_install_deps_gpu PROPERTIES LABELS install TIMEOUT 60)
