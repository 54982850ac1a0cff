# simrouter --strict: bad clients over loopback (raw TCP/UDP) -> GET /violations, answers
# byte-identical with and without strict.
igdkit_add_test(lab_strict SOURCES ${CMAKE_CURRENT_LIST_DIR}/strict_lab_test.cpp LIBS igdkit::simrouter
                LABELS loopback TIMEOUT 60)
