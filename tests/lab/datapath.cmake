# Lab data path: the userspace TCP/UDP forwarders behind the lab's public endpoints.
igdkit_add_test(lab_datapath_tcp SOURCES ${CMAKE_CURRENT_LIST_DIR}/datapath_tcp_test.cpp
                LIBS igdkit::simrouter LABELS loopback TIMEOUT 300)
igdkit_add_test(lab_datapath_udp SOURCES ${CMAKE_CURRENT_LIST_DIR}/datapath_udp_test.cpp
                LIBS igdkit::simrouter LABELS loopback)
