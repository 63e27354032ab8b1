# The schedule formula is parsed and evaluated by muParser (Debian's libmuparser-dev).
find_package(muparser REQUIRED CONFIG)
target_link_libraries(${NNPLUG_PLUGIN_TARGET} PRIVATE muparser::muparser)
