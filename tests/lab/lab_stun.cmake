# The lab's STUN server: the igdkit::stun client against it per topology mode (in process), and
# the simrouter binary's stun= ready field, ready file entry, --stun-port and --no-stun.
igdkit_add_test(lab_stun SOURCES ${CMAKE_CURRENT_LIST_DIR}/lab_stun_test.cpp LIBS igdkit::simrouter igdkit::stun
                LABELS loopback TIMEOUT 60)
if(TARGET simrouter_app)
  igdkit_add_test(lab_stun_binary SOURCES ${CMAKE_CURRENT_LIST_DIR}/lab_stun_binary_test.cpp LIBS igdkit::stun
                  LABELS loopback TIMEOUT 120)
  add_dependencies(lab_stun_binary simrouter_app)
endif()
