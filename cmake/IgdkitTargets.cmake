# Shared helpers so that every folder declares its library and warnings the same way.
include(IgdkitBuildSpeed)

function(igdkit_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(IGDKIT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # Appended after -Wall so they win; the asan preset uses it for GCC 12 false positives that
  # only appear with sanitizer instrumentation inside Asio/Boost headers.
  if(IGDKIT_WARNING_SUPPRESSIONS)
    target_compile_options(${target} PRIVATE ${IGDKIT_WARNING_SUPPRESSIONS})
  endif()
endfunction()

# igdkit_add_library(<name> SOURCES ... [DEPS ...])
# Creates target igdkit_<name>, alias igdkit::<name>, exported as igdkit::<name>.
function(igdkit_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  set(target igdkit_${name})
  add_library(${target} ${ARG_SOURCES})
  add_library(igdkit::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME igdkit_${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  igdkit_set_warnings(${target})
  igdkit_unity_sources(${target} ${ARG_SOURCES})
  igdkit_vendor_flags(${ARG_SOURCES})
  set_property(GLOBAL APPEND PROPERTY IGDKIT_LIBRARIES ${target})
  set_property(GLOBAL APPEND PROPERTY IGDKIT_INCLUDE_DIRS ${CMAKE_CURRENT_SOURCE_DIR}/include)
endfunction()
