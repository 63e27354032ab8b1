# nnplug_add_plugin(TARGET SOURCES... [OUTPUT_DIRECTORY DIR] [ALLOW_UNDEFINED])
# Builds one plugin: a MODULE library against the SDK only, hidden visibility so the
# only exported symbol is its descriptor, and every symbol resolved at link time
# (-z defs), so a plugin that would fail to load fails to build instead.
# ALLOW_UNDEFINED is for the test fixture that proves the loader catches what -z defs prevents.
function(nnplug_add_plugin target)
  cmake_parse_arguments(ARG "ALLOW_UNDEFINED" "OUTPUT_DIRECTORY" "" ${ARGN})
  if(NOT ARG_OUTPUT_DIRECTORY)
    set(ARG_OUTPUT_DIRECTORY ${NNPLUG_PLUGIN_OUTPUT_DIR})
  endif()
  add_library(${target} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE nnplug::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  # gnu-unique symbols would pin the library in memory and defeat unloading.
  # -fno-math-errno: std::sqrt in a plain loop vectorises only when it need not set errno.
  target_compile_options(${target} PRIVATE -fno-gnu-unique -fno-math-errno)
  if(NOT ARG_ALLOW_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,-z,defs)
  endif()
endfunction()
