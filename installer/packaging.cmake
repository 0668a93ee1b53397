# Installation layout and the Debian package (cpack -G DEB in the build folder).
include(GNUInstallDirs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ldm-studio/resources
        PATTERN "*.qrc" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/installer/ldm-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

set(CPACK_PACKAGE_NAME "ldm-studio")
set(CPACK_PACKAGE_VENDOR "LDM Studio")
set(CPACK_PACKAGE_CONTACT "LDM Studio developers <dev@ldm-studio.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Latent diffusion desktop application: text-to-image, inpainting, layout, super-resolution")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not a library dependency, so shlibdeps cannot find it: a font with CJK glyphs, without which the
# Chinese translation renders as empty boxes (any of Debian's CJK font packages does).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei")
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
include(CPack)
