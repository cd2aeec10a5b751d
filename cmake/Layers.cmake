# A layer is every .cpp under its folder, so adding a class never means editing CMake.
# Arguments after the folder are the layer's public dependencies.
function(products_layer name dir)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${dir}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    set(scope PUBLIC)
  else()
    add_library(${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${name} ${scope} ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${name} ${scope} ${ARGN})
endfunction()

# One test binary per folder of *_test.cpp files, each test registered with ctest under a label.
# Arguments after the label are the binary's dependencies, then optionally
# LOCK <resource> <gtest filter>: the tests the filter matches (e.g. "A.*:B.*") also hold the ctest
# RESOURCE_LOCK <resource>, so that `ctest -j` never runs two of them at once.
function(products_test_suite name dir label)
  cmake_parse_arguments(PARSE_ARGV 3 suite "" "" "LOCK")
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${suite_UNPARSED_ARGUMENTS} products_test_support GTest::gtest GTest::gmock
    GTest::gtest_main)
  set(properties LABELS ${label} TIMEOUT 600)
  if(suite_LOCK)
    list(POP_FRONT suite_LOCK resource filter)
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_FILTER "-${filter}" PROPERTIES ${properties})
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_FILTER "${filter}"
      PROPERTIES ${properties} RESOURCE_LOCK ${resource})
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
  endif()
endfunction()
