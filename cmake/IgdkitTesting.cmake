# igdkit_add_test(<name> SOURCES ... [LIBS ...] [LABELS ...] [TIMEOUT s] [SKIP_RETURN_CODE n] [RUN_SERIAL])
# One Boost.Test executable per call, registered with CTest as <name>.
function(igdkit_add_test name)
  cmake_parse_arguments(ARG "RUN_SERIAL" "TIMEOUT;SKIP_RETURN_CODE" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} Boost::unit_test_framework)
  # Paths reach the test through its environment (tests/support/test_paths.hpp), never through a
  # compile definition: that would put this clone's absolute path into every test's compile and
  # make a fresh clone miss the ccache.
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  igdkit_set_warnings(${name})
  if(IGDKIT_TEST_COMPILE_FLAGS)
    target_compile_options(${name} PRIVATE ${IGDKIT_TEST_COMPILE_FLAGS})
  endif()
  add_test(NAME ${name} COMMAND ${name} --log_level=warning)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${ARG_LABELS}"
    ENVIRONMENT "IGDKIT_FIXTURES_DIR=${PROJECT_SOURCE_DIR}/fixtures;IGDKIT_BINARY_DIR=${PROJECT_BINARY_DIR}")
  if(ARG_SKIP_RETURN_CODE)
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE ${ARG_SKIP_RETURN_CODE})
  endif()
  if(ARG_RUN_SERIAL)
    set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()
