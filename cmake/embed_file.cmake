# Generates a C file holding one data file as a byte array (NUL-terminated, the NUL not
# counted), so the binary carries it. Called at build time with -DIN=<file> -DOUT=<c file>
# -DNAME=<symbol>: defines `const unsigned char NAME[]` and `const size_t NAME_len`.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR len "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
get_filename_component(in_name "${IN}" NAME)
set(body "/* Generated from ${in_name} by cmake/embed_file.cmake. */\n#include <stddef.h>\n\n")
string(APPEND body "const unsigned char ${NAME}[] = {${bytes}0x00};\n")
string(APPEND body "const size_t ${NAME}_len = ${len};\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
