# End-to-end lab tests: fault injection seen by a client, the admin API over HTTP, the simrouter
# binary's CLI, and the state file under kill -9. All traffic stays on loopback.
igdkit_add_test(lab_faults SOURCES lab_faults_test.cpp LIBS igdkit::simrouter igdkit::igd LABELS loopback TIMEOUT 120)
igdkit_add_test(lab_admin_http SOURCES lab_admin_http_test.cpp LIBS igdkit::simrouter igdkit::igd LABELS loopback TIMEOUT 120)
if(TARGET simrouter_app)
  igdkit_add_test(lab_binary SOURCES lab_binary_test.cpp LIBS igdkit::igd LABELS loopback TIMEOUT 180)
  add_dependencies(lab_binary simrouter_app)
  igdkit_add_test(lab_state_kill SOURCES lab_state_kill_test.cpp LIBS igdkit::igd LABELS loopback TIMEOUT 180)
  add_dependencies(lab_state_kill simrouter_app)
endif()
