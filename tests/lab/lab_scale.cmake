# The data path with a table larger than the descriptor limit: on-demand endpoints, idle close, expiry timer.
igdkit_add_test(lab_scale SOURCES ${CMAKE_CURRENT_LIST_DIR}/lab_scale_test.cpp LIBS igdkit::simrouter igdkit::igd LABELS loopback TIMEOUT 300)
