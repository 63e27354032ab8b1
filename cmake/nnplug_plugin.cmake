# nnplug_add_plugin(TARGET [SOURCES] source... [OUTPUT_DIRECTORY DIR] [ALLOW_UNDEFINED])
# Builds one plugin, TARGET.so (no "lib" prefix), a MODULE library linking nnplug::sdk
# only, which carries every flag the host relies on (sdk/CMakeLists.txt). The same file
# serves the nnplug tree and an installed nnplug (find_package(nnplug)).
# A project that sets no build type still gets an optimised plugin (-O3, NDEBUG, as the
# built-in plugins): an unoptimised optimizer trains several times slower per step.
# ALLOW_UNDEFINED is for the test fixture that proves the loader catches what -z defs prevents.
function(nnplug_add_plugin target)
  cmake_parse_arguments(ARG "ALLOW_UNDEFINED" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  if(ARG_ALLOW_UNDEFINED)
    target_link_libraries(${target} PRIVATE nnplug::plugin_flags)
  else()
    target_link_libraries(${target} PRIVATE nnplug::sdk)
  endif()
  set_target_properties(${target} PROPERTIES PREFIX "")
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    target_compile_options(${target} PRIVATE -O3)
    target_compile_definitions(${target} PRIVATE NDEBUG)
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED NNPLUG_PLUGIN_OUTPUT_DIR)
    # A built-in plugin (the nnplug tree): beside the host, as installed.
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${NNPLUG_PLUGIN_OUTPUT_DIR})
    install(TARGETS ${target} LIBRARY DESTINATION ${NNPLUG_INSTALL_PLUGIN_DIR})
  endif()
endfunction()
