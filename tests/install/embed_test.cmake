# The installed library as another project sees it: `cmake --install` the build tree into a fresh prefix, configure
# and build docs/examples/embed against it with find_package(ddx), then check that the example prints, for every
# case, the bytes and exit status of the installed `ddx diagnose CASE --format json` (which finds the installed
# knowledge base on its own).
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX=... [-DCXX_FLAGS=...] -P embed_test.cmake
foreach(v BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR CXX)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "embed_test.cmake: -D${v}=... is required")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f bin/ddx include/ddx/ddx.hpp include/ddx/result.hpp include/ddx/case.hpp include/ddx/vocabulary.hpp)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB_RECURSE config ${prefix}/*/ddxConfig.cmake)
file(GLOB_RECURSE archive ${prefix}/*/libddx.a)
file(GLOB installed_kb ${prefix}/share/ddx/kb/*.ddx)
if(NOT config OR NOT archive OR NOT installed_kb)
  message(FATAL_ERROR "missing from the install: ddxConfig.cmake (${config}), libddx.a (${archive}) or share/ddx/kb/*.ddx")
endif()

run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/docs/examples/embed -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}"
    -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)

file(GLOB cases ${SOURCE_DIR}/kb/examples/*.json)
list(APPEND cases ${SOURCE_DIR}/tests/data/tools/cases/unknown_id.json ${SOURCE_DIR}/tests/data/tools/cases/malformed.json)
set(compared 0)
foreach(c IN LISTS cases)
  execute_process(COMMAND ${WORK_DIR}/build/embed ${c} RESULT_VARIABLE embed_rc OUTPUT_VARIABLE embed_out ERROR_VARIABLE embed_err)
  execute_process(COMMAND ${prefix}/bin/ddx diagnose ${c} --format json RESULT_VARIABLE ddx_rc OUTPUT_VARIABLE ddx_out
                  ERROR_VARIABLE ddx_err)
  if(NOT embed_rc STREQUAL ddx_rc OR NOT embed_out STREQUAL ddx_out)
    message(FATAL_ERROR "${c}: embed (exit ${embed_rc}) and ddx diagnose (exit ${ddx_rc}) differ\n"
                        "--- embed:\n${embed_out}${embed_err}\n--- ddx:\n${ddx_out}${ddx_err}")
  endif()
  if(embed_out STREQUAL "")
    message(FATAL_ERROR "${c}: no output\n${embed_err}")
  endif()
  math(EXPR compared "${compared} + 1")
endforeach()
# Both the example and the installed `ddx` really use the installed knowledge base: a file added to it (a comment
# only) changes the digest they report, and the build tree's `ddx`, on the source tree's kb, reports another.
file(WRITE ${prefix}/share/ddx/kb/zz_install_marker.ddx "# added by the install test\n")
set(case ${SOURCE_DIR}/kb/examples/lateral_knee_runner.json)
execute_process(COMMAND ${WORK_DIR}/build/embed ${case} OUTPUT_VARIABLE embed_out)
execute_process(COMMAND ${prefix}/bin/ddx diagnose ${case} --format json OUTPUT_VARIABLE ddx_out)
execute_process(COMMAND ${BUILD_DIR}/tools/ddx diagnose ${case} --format json OUTPUT_VARIABLE tree_out)
string(REGEX MATCH "sha256:[0-9a-f]+" embed_digest "${embed_out}")
string(REGEX MATCH "sha256:[0-9a-f]+" ddx_digest "${ddx_out}")
string(REGEX MATCH "sha256:[0-9a-f]+" tree_digest "${tree_out}")
if(embed_digest STREQUAL "" OR NOT embed_digest STREQUAL ddx_digest OR embed_digest STREQUAL tree_digest)
  message(FATAL_ERROR "not the installed knowledge base: embed ${embed_digest}, installed ddx ${ddx_digest}, "
                      "build tree ${tree_digest}")
endif()
message(STATUS "embed example: ${compared} cases, byte-identical to the installed ddx diagnose")
