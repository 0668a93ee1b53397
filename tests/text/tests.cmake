ldm_add_test(test_tokenizers ${CMAKE_CURRENT_LIST_DIR}/test_tokenizers.cpp LABELS text TIMEOUT 120)
# core/text/unicode_data.cpp is generated: it must be what tools/gen_unicode_data.py writes with the Python
# whose unicodedata the reference tokenizers use (Debian 12's python3.11, Unicode 14.0; the installer
# installs python3).
add_test(NAME unicode_data_is_generated
         COMMAND bash -c "/usr/bin/python3 tools/gen_unicode_data.py | cmp - core/text/unicode_data.cpp"
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(unicode_data_is_generated PROPERTIES LABELS text TIMEOUT 120)
