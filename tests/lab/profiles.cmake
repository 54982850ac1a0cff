# Firmware profiles (simrouter --profile): the combining rules as data, and each profile's
# behaviour on the wire against an in-process router on loopback.
igdkit_add_test(lab_profiles_combine SOURCES ${CMAKE_CURRENT_LIST_DIR}/profile_table_test.cpp LIBS igdkit::simrouter)
foreach(area soap http ssdp device)
  igdkit_add_test(lab_profiles_${area} SOURCES ${CMAKE_CURRENT_LIST_DIR}/profile_${area}_test.cpp
                  LIBS igdkit::simrouter igdkit::igd LABELS loopback)
endforeach()
