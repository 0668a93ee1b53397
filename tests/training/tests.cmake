# The training stages and the shapes-world dataset (fast), and the evaluation of the bundled models
# against the criteria of MODEL_CARD.md (resources/models, slower: a few hundred small samples).
ldm_add_test(test_shapes_world ${CMAKE_CURRENT_LIST_DIR}/test_shapes_world.cpp LABELS training)
ldm_add_test(test_training ${CMAKE_CURRENT_LIST_DIR}/test_training.cpp LABELS training LIBS ldm_imaging TIMEOUT 900 COST 25)
ldm_add_test(test_default_models ${CMAKE_CURRENT_LIST_DIR}/test_default_models.cpp LABELS training evaluation TIMEOUT 1200 COST 122 NO_SANITIZE)
