# Admin API, state file and config file: pure cores (no sockets).
igdkit_add_test(lab_admin_api SOURCES ${CMAKE_CURRENT_LIST_DIR}/admin_request_test.cpp ${CMAKE_CURRENT_LIST_DIR}/admin_render_test.cpp LIBS igdkit::simrouter)
igdkit_add_test(lab_config_file SOURCES ${CMAKE_CURRENT_LIST_DIR}/config_file_test.cpp LIBS igdkit::simrouter)
