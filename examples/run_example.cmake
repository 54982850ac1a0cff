# cmake -DEXAMPLE=<program> -DEXPECT=<regex> -P run_example.cmake
# Passes only if the example exits with status 0 AND its standard output matches EXPECT.
# CTest's PASS_REGULAR_EXPRESSION alone ignores the exit status, so an example that printed the
# expected line and then failed (an ASan/UBSan report at exit, an error path returning 1) passed.
execute_process(COMMAND "${EXAMPLE}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(err)
  message("---- stderr ----\n${err}")
endif()
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "${EXAMPLE} exited with status '${status}' (expected 0)")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${EXAMPLE}: standard output does not contain '${EXPECT}'")
endif()
