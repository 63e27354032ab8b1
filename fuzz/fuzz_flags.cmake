# Included by the top CMakeLists.txt when NNPLUG_FUZZ is on, before any library is defined:
# every core library gets libFuzzer's coverage instrumentation and ASan + UBSan, so a bug
# inside a reader is found where it happens, not where its damage shows.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "NNPLUG_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14, "
                      "or run tools/fuzz.sh, which does")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g)
add_link_options(-fsanitize=address,undefined)
