# The topology core, and the lab end to end per mode (client maps, probe and plain connects).
igdkit_add_test(lab_topology SOURCES topology_test.cpp LIBS igdkit::simrouter)
igdkit_add_test(lab_modes SOURCES lab_modes_test.cpp LIBS igdkit::simrouter igdkit::igd LABELS loopback TIMEOUT 300)
