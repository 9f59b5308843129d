# package.cmake: the Debian package, made with CPack's DEB generator (cpack -G DEB in a
# build configured by scripts/package.sh: Release, -DCMAKE_INSTALL_PREFIX=/usr).
#
# Why CPack and not a debian/ directory: the install rules above already say where every
# file goes, from the install prefix; CPack packages exactly those, runs dpkg-shlibdeps
# for Depends:, and needs no second description of the layout to keep in step. A debian/
# directory (debhelper) would be the choice for an upload to Debian itself.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME obrd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "obrd team <obrd@sakhalin.gov.ru>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "email intake of the Ministry of Social Protection of Sakhalin Oblast")
set(CPACK_PACKAGE_DESCRIPTION
    "obrd polls the ministry's mailbox, stores every letter once in PostgreSQL, decides by the\n\
published procedure whether it is registered, answers the sender and routes accepted\n\
appeals to staff; obrctl is the staff and admin command line.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # obrd_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the shared libraries the binaries use, not the -dev packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/packaging/conffiles;${CMAKE_SOURCE_DIR}/packaging/postinst;${CMAKE_SOURCE_DIR}/packaging/prerm;${CMAKE_SOURCE_DIR}/packaging/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
