# Admin API, state file and config file: pure cores (no sockets; the state file test also does disk I/O and fork/kill).
igdkit_add_test(lab_admin_api SOURCES ${CMAKE_CURRENT_LIST_DIR}/admin_request_test.cpp ${CMAKE_CURRENT_LIST_DIR}/admin_render_test.cpp LIBS igdkit::simrouter)
igdkit_add_test(lab_state_file SOURCES ${CMAKE_CURRENT_LIST_DIR}/state_file_format_test.cpp ${CMAKE_CURRENT_LIST_DIR}/state_file_io_test.cpp LIBS igdkit::simrouter)
igdkit_add_test(lab_config_file SOURCES ${CMAKE_CURRENT_LIST_DIR}/config_file_test.cpp LIBS igdkit::simrouter)
igdkit_add_test(lab_state_journal SOURCES ${CMAKE_CURRENT_LIST_DIR}/state_journal_test.cpp LIBS igdkit::simrouter)
