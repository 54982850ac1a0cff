# Build-time levers, off by default and switched on by the ci-* presets that scripts/test.sh uses.
# Plain dev/asan builds keep one object per source file and full debug info, which is what an
# edit-compile-debug loop wants; CI builds everything once from scratch, where these pay off.
#
# Where the time goes: nearly every source includes Asio/Beast coroutine code, so a translation
# unit costs 15-60 s of CPU whatever its own size, and the asan preset (-O1 + instrumentation +
# var-tracking for -g) costs 2-5x that again.

# Unity builds: the listed sources of each igdkit library are compiled a folder at a time (at
# most IGDKIT_UNITY_BATCH_SIZE files per translation unit), so the Asio/Beast headers and template
# instantiations they share are paid once per batch instead of once per file.
#
# Only the files in IGDKIT_UNITY_FILES are merged: each folder's list was compiled as a single
# translation unit and is unity-clean (no two files define the same name in an anonymous namespace,
# leak a `using namespace`, or need their own TU). Everything else, including every file added
# later, compiles on its own, so a new file can never break this build; it is only slower until
# someone checks it and lists it here. Files left out on purpose:
#   ssdp/src/searcher.cpp                  tuple_awaitable, as in responder.cpp
#   soap/src/response_parse.cpp            trim(), as in request.cpp
#   igd/src/actions/port_listing.cpp       trim(), as in codec.cpp
#   simrouter/src/core/*_actions.cpp       each defines its own `table`
#   simrouter/src/core/router_state.cpp    member type from its anonymous namespace (-Wsubobject-linkage)
#   simrouter/src/server/scpd_*.cpp        in()/out() helpers in each SCPD table
# To check a folder before listing more of it: configure with -DIGDKIT_UNITY_BATCH_SIZE=1000 (one
# translation unit per folder) and build the library; a clash shows up as "redefinition of
# ... {anonymous}::..." or "conflicting declaration" in a unity_*.cxx.
# (A plain variable, not a cache entry: it describes the sources, so edits reach existing trees.)
option(IGDKIT_UNITY_BUILD "Compile igdkit libraries as per-folder unity batches (CI speed)" OFF)
set(IGDKIT_UNITY_BATCH_SIZE 8 CACHE STRING "Most source files merged into one unity translation unit")
set(IGDKIT_UNITY_FILES
    ssdp/src/build.cpp ssdp/src/device_set.cpp ssdp/src/error.cpp ssdp/src/fields.cpp ssdp/src/frame.cpp
    ssdp/src/parse.cpp ssdp/src/policy.cpp ssdp/src/responder.cpp ssdp/src/search_target.cpp
    soap/src/action.cpp soap/src/error.cpp soap/src/http_client.cpp soap/src/http_exchange.cpp
    soap/src/request.cpp soap/src/response_build.cpp soap/src/upnp_error.cpp soap/src/xml_reader.cpp
    soap/src/xml_writer.cpp
    igd/src/actions/action.cpp igd/src/actions/codec.cpp igd/src/actions/service.cpp igd/src/actions/values.cpp
    igd/src/client/client.cpp igd/src/client/discover.cpp igd/src/client/json.cpp
    igd/src/client/local_address.cpp igd/src/client/mappings.cpp igd/src/client/workarounds.cpp
    igd/src/description/parse_description.cpp igd/src/description/reserved_address.cpp
    igd/src/description/selection.cpp igd/src/description/service_kind.cpp
    igd/src/description/url_policy.cpp igd/src/description/wan_connections.cpp
    simrouter/src/core/args.cpp simrouter/src/core/call.cpp simrouter/src/core/igd_handler.cpp
    simrouter/src/core/link_status.cpp simrouter/src/core/mapping_args.cpp simrouter/src/core/permission.cpp
    simrouter/src/core/pinhole_table.cpp simrouter/src/core/policy.cpp
    simrouter/src/server/description_builder.cpp simrouter/src/server/device_layout.cpp
    simrouter/src/server/http_bytes.cpp simrouter/src/server/http_control.cpp
    simrouter/src/server/http_handler.cpp simrouter/src/server/http_server.cpp
    simrouter/src/server/router.cpp simrouter/src/server/ssdp_setup.cpp)

# Boost.URL and Boost.JSON are compiled from their src.hpp inside igdkit_core; they are the two
# largest translation units and not our code. IGDKIT_VENDOR_COMPILE_FLAGS is appended to just
# those files: the ci-asan preset builds them at -O0 (still instrumented by ASan and UBSan, so a
# bad access from our code into them is still caught) while everything of ours keeps -O1.
set(IGDKIT_VENDOR_SOURCES core/src/boost_*_impl.cpp)
set(IGDKIT_VENDOR_COMPILE_FLAGS "" CACHE STRING "Extra flags for IGDKIT_VENDOR_SOURCES (e.g. -O0)")

# Extra compile flags for test drivers only (igdkit_add_test executables and the fuzz replays).
# The ci-asan preset sets -O0: under ASan+UBSan an -O1 test file costs about twice the CPU of an
# -O0 one, the tests are most of the build, and they are not CPU-bound. The libraries, igdctl and
# simrouter keep the preset's -O1, so the code under test is still instrumented as optimised code.
set(IGDKIT_TEST_COMPILE_FLAGS "" CACHE STRING "Extra compile flags for test executables (e.g. -O0)")

# Linker for everything igdkit links (lld or gold are several times faster than ld.bfd on these
# debug-heavy static archives). "auto" picks lld, then gold, when the compiler accepts them.
set(IGDKIT_LINKER "" CACHE STRING "Linker passed as -fuse-ld= (lld, gold, auto; empty = compiler default)")

if(IGDKIT_LINKER)
  include(CheckCXXSourceCompiles)
  set(igdkit_linker_candidates ${IGDKIT_LINKER})
  if(IGDKIT_LINKER STREQUAL "auto")
    set(igdkit_linker_candidates lld gold)
  endif()
  foreach(candidate IN LISTS igdkit_linker_candidates)
    set(CMAKE_REQUIRED_LINK_OPTIONS -fuse-ld=${candidate})
    check_cxx_source_compiles("int main() { return 0; }" IGDKIT_LINKER_${candidate}_WORKS)
    unset(CMAKE_REQUIRED_LINK_OPTIONS)
    if(IGDKIT_LINKER_${candidate}_WORKS)
      add_link_options(-fuse-ld=${candidate})
      message(STATUS "igdkit: linking with ${candidate}")
      break()
    endif()
  endforeach()
endif()

# igdkit_unity_sources(<target> <source>...): puts the target's sources that IGDKIT_UNITY_FILES
# lists into per-folder unity batches; every other source stays a translation unit of its own.
# The batch files are written here rather than by CMake's UNITY_BUILD, which includes members by
# absolute path: ours include them by a path relative to the batch file, so the same commit built
# in another clone (CI's fresh checkout) preprocesses to the same text and hits the ccache.
function(igdkit_unity_sources target)
  if(NOT IGDKIT_UNITY_BUILD)
    return()
  endif()
  set(folders "")
  foreach(source IN LISTS ARGN)
    get_filename_component(path ${source} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${path})
    if(NOT rel IN_LIST IGDKIT_UNITY_FILES)
      continue()  # compiled on its own
    endif()
    get_filename_component(folder ${rel} DIRECTORY)
    string(MAKE_C_IDENTIFIER ${folder} key)
    list(APPEND folders ${key})
    list(APPEND members_${key} ${path})
  endforeach()
  list(REMOVE_DUPLICATES folders)
  # Each folder's files, in order, split into as few batches of near-equal size as the cap allows
  # (9 files make 5 + 4, not 8 + 1). A lone file needs no unity wrapper.
  set(unity_dir ${CMAKE_CURRENT_BINARY_DIR}/unity_${target})
  foreach(key IN LISTS folders)
    list(LENGTH members_${key} n)
    if(n LESS 2)
      continue()
    endif()
    math(EXPR batches "(${n} + ${IGDKIT_UNITY_BATCH_SIZE} - 1) / ${IGDKIT_UNITY_BATCH_SIZE}")
    set(i 0)
    foreach(path IN LISTS members_${key})
      math(EXPR batch "${i} * ${batches} / ${n}")
      math(EXPR i "${i} + 1")
      file(RELATIVE_PATH from_batch ${unity_dir} ${path})
      string(APPEND content_${key}_${batch} "#include \"${from_batch}\"\n")
      list(APPEND batch_names ${key}_${batch})
      set_source_files_properties(${path} TARGET_DIRECTORY ${target} PROPERTIES HEADER_FILE_ONLY ON)
    endforeach()
  endforeach()
  if(NOT batch_names)
    return()
  endif()
  list(REMOVE_DUPLICATES batch_names)
  foreach(name IN LISTS batch_names)
    set(batch_file ${unity_dir}/${name}.cxx)
    file(CONFIGURE OUTPUT ${batch_file} CONTENT "${content_${name}}" @ONLY)  # rewritten only on change
    target_sources(${target} PRIVATE ${batch_file})
  endforeach()
endfunction()

# igdkit_vendor_flags(<source>...): applies IGDKIT_VENDOR_COMPILE_FLAGS to the vendored sources.
# COMPILE_FLAGS rather than COMPILE_OPTIONS, which the owning folder sets (to -w) after the library
# is declared and would overwrite.
function(igdkit_vendor_flags)
  if(NOT IGDKIT_VENDOR_COMPILE_FLAGS)
    return()
  endif()
  set(vendored "")
  foreach(pattern IN LISTS IGDKIT_VENDOR_SOURCES)
    file(GLOB matches ${PROJECT_SOURCE_DIR}/${pattern})
    list(APPEND vendored ${matches})
  endforeach()
  foreach(source IN LISTS ARGN)
    get_filename_component(path ${source} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    if(path IN_LIST vendored)
      set_property(SOURCE ${source} APPEND_STRING PROPERTY COMPILE_FLAGS " ${IGDKIT_VENDOR_COMPILE_FLAGS}")
    endif()
  endforeach()
endfunction()
