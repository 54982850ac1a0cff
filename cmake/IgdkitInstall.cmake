# Install rules: libraries, headers, executables, a CMake package config and a pkg-config file.
include(CMakePackageConfigHelpers)

get_property(igdkit_libraries GLOBAL PROPERTY IGDKIT_LIBRARIES)
get_property(igdkit_include_dirs GLOBAL PROPERTY IGDKIT_INCLUDE_DIRS)

install(TARGETS ${igdkit_libraries} igdkit_igdkit
  EXPORT igdkitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

foreach(dir IN LISTS igdkit_include_dirs)
  install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

install(EXPORT igdkitTargets
  NAMESPACE igdkit::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/igdkit)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/igdkitConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/igdkitConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/igdkit)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/igdkitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/igdkitConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/igdkitConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/igdkit)

# Static archives must be listed dependents-first.
set(igdkit_pc_libs "")
set(igdkit_pc_order ${igdkit_libraries})
list(REVERSE igdkit_pc_order)
foreach(lib IN LISTS igdkit_pc_order)
  string(APPEND igdkit_pc_libs " -l${lib}")
endforeach()
file(RELATIVE_PATH igdkit_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${CMAKE_CURRENT_LIST_DIR}/igdkit.pc.in ${CMAKE_CURRENT_BINARY_DIR}/igdkit.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/igdkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
