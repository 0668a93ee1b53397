// Anchor translation unit: builds the shared precompiled header of the engine test suites.
