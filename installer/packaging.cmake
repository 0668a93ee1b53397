# Installation layout and the Debian package (`cmake --build <build> --target package`: cpack -G DEB).
# The package installs under /usr; the programs find their resources relative to their own location
# (core/runtime/resources.cpp: <bin>/../share/ldm-studio/resources), so a `cmake --install` prefix and a
# `dpkg -x` root both work. tests/install/test_deb_package.sh checks the .deb, test_installed_layout.sh
# the prefix.
include(GNUInstallDirs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ldm-studio/resources
        PATTERN "*.qrc" EXCLUDE)

# Desktop integration: the desktop entry (its name matches QGuiApplication::setDesktopFileName in
# app/studio/main.cpp), the icon in the hicolor theme (PNGs rendered from resources/icons/app.svg, committed
# under installer/icons so that building needs no SVG renderer; the SVG itself as the scalable one) and the
# AppStream metadata for software centres.
set(LDM_APPSTREAM_ID invalid.ldm_studio.LDMStudio)
install(FILES ${PROJECT_SOURCE_DIR}/installer/ldm-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/installer/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/app.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ldm-studio.svg)
install(FILES ${PROJECT_SOURCE_DIR}/installer/${LDM_APPSTREAM_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# Debian's documentation files: the copyright file and the changelog, compressed with gzip -9n (no name or
# time stamp in the header, so the package is reproducible). The changelog's latest version must be the
# project's.
configure_file(${PROJECT_SOURCE_DIR}/installer/changelog ${CMAKE_BINARY_DIR}/installer/changelog COPYONLY)
file(STRINGS ${PROJECT_SOURCE_DIR}/installer/changelog ldm_changelog_top LIMIT_COUNT 1)
if(NOT ldm_changelog_top MATCHES "^ldm-studio \\(${PROJECT_VERSION}\\) ")
  message(WARNING "installer/changelog starts with \"${ldm_changelog_top}\", not version ${PROJECT_VERSION}: "
                  "add an entry for this version (lintian and the package's changelog expect one)")
endif()
execute_process(COMMAND gzip -9nc ${CMAKE_BINARY_DIR}/installer/changelog
                OUTPUT_FILE ${CMAKE_BINARY_DIR}/installer/changelog.gz RESULT_VARIABLE ldm_gzip_result)
if(NOT ldm_gzip_result EQUAL 0)
  message(FATAL_ERROR "gzip of installer/changelog failed: ${ldm_gzip_result}")
endif()
install(FILES ${CMAKE_BINARY_DIR}/installer/changelog.gz ${PROJECT_SOURCE_DIR}/installer/copyright
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/ldm-studio)

set(CPACK_PACKAGE_NAME "ldm-studio")
set(CPACK_PACKAGE_VENDOR "LDM Studio")
set(CPACK_PACKAGE_CONTACT "LDM Studio developers <dev@ldm-studio.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "latent diffusion image generator: text-to-image, inpainting, layout")
# The extended description: lines under 80 characters (lintian), "." for an empty line.
set(CPACK_PACKAGE_DESCRIPTION
    "LDM Studio runs latent diffusion models on the CPU or an NVIDIA GPU:
text-to-image, image-to-image, inpainting and outpainting, layout-to-image,
super-resolution and semantic synthesis. It loads the CompVis LDM model zoo
and Stable Diffusion 1.x/2.x checkpoints (.ckpt, .safetensors, diffusers
folders). Six small bundled models make pictures without any download.
.
This package holds the ldm-studio application and the ldm command-line tool.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_STRIP_FILES ON)
# The library dependencies (LibTorch, Qt 6, OpenCV, yaml-cpp, ...) come from dpkg-shlibdeps and are added
# to the ones below, which no library link reveals: the Qt SVG plugins (every icon is an SVG), and a font
# with CJK glyphs, without which the Chinese translation renders as empty boxes (any of Debian's does).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6, fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei")
# LibTorch calls libblas.so.3: OpenBLAS is many times faster than the reference BLAS (README, Performance);
# Qt's own translations for the standard dialogs.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread | libopenblas0, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Control files with the permissions dpkg-deb would give them (lintian checks md5sums is 0644).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR "DEB")
include(CPack)
