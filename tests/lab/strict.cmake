# simrouter --strict: bad clients over loopback (raw TCP/UDP) -> GET /violations, answers
# byte-identical with and without strict; real clients (igdctl, upnpc, python3-miniupnpc)
# against `simrouter --strict` and the exact rule ids each produces (exit 77 = tool missing).
igdkit_add_test(lab_strict SOURCES ${CMAKE_CURRENT_LIST_DIR}/strict_lab_test.cpp LIBS igdkit::simrouter
                LABELS loopback TIMEOUT 60)
if(TARGET simrouter_app AND TARGET igdctl)
  add_test(NAME lab_strict_real_clients
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/strict_real_clients.sh $<TARGET_FILE:simrouter_app> $<TARGET_FILE:igdctl>)
  set_tests_properties(lab_strict_real_clients PROPERTIES TIMEOUT 90 LABELS loopback SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
endif()
