# `cmake --install build --prefix P` lays out P as the build tree is laid out:
#   bin/nnplug                  the host (finds ../lib/nnplug/plugins by itself)
#   lib/nnplug/plugins/*.so     the built-in plugins and their defaults.json
#   lib/libnnplug_*.a           the core libraries, for embedding (nnplug::nnplug)
#   include/nnplug/...          the SDK headers and the core's headers
#   lib/cmake/nnplug/           find_package(nnplug): nnplug::sdk, nnplug::nnplug,
#                               nnplug::host and nnplug_add_plugin()
#   share/doc/nnplug/           README.md and docs/
include(CMakePackageConfigHelpers)
set(NNPLUG_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nnplug)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/ ${PROJECT_SOURCE_DIR}/core/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${NNPLUG_PLUGIN_OUTPUT_DIR}/defaults.json DESTINATION ${NNPLUG_INSTALL_PLUGIN_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

get_property(nnplug_core_libraries GLOBAL PROPERTY NNPLUG_CORE_LIBRARIES)
set_target_properties(nnplug_cli PROPERTIES EXPORT_NAME host)
install(TARGETS nnplug_sdk nnplug_plugin_flags nnplug_plugin_sdk nnplug ${nnplug_core_libraries} nnplug_cli
        EXPORT nnplugTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT nnplugTargets NAMESPACE nnplug:: DESTINATION ${NNPLUG_INSTALL_CMAKE_DIR})

# The package's compatibility is the SDK ABI's: read from the header, never a second literal.
file(STRINGS ${PROJECT_SOURCE_DIR}/sdk/include/nnplug/sdk/plugin.hpp nnplug_abi_line
     REGEX "inline constexpr int sdk_abi_version = [0-9]+;")
string(REGEX MATCH "= ([0-9]+)" nnplug_abi_match "${nnplug_abi_line}")
set(NNPLUG_SDK_ABI_VERSION "${CMAKE_MATCH_1}")
if(NOT NNPLUG_SDK_ABI_VERSION MATCHES "^[0-9]+$")
  message(FATAL_ERROR "cmake/nnplug_install.cmake: no 'sdk_abi_version = N;' in sdk/include/nnplug/sdk/plugin.hpp")
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/nnplugConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/package/nnplugConfig.cmake
                              INSTALL_DESTINATION ${NNPLUG_INSTALL_CMAKE_DIR})
configure_file(${PROJECT_SOURCE_DIR}/cmake/nnplugConfigVersion.cmake.in
               ${PROJECT_BINARY_DIR}/package/nnplugConfigVersion.cmake @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/nnplugConfig.cmake ${PROJECT_BINARY_DIR}/package/nnplugConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/nnplug_plugin.cmake
        DESTINATION ${NNPLUG_INSTALL_CMAKE_DIR})
