# tools/web/page.cmake (included by tools/CMakeLists.txt): builds the classroom page with npm (Vite) and compiles
# its files into ddx_tools. DDX_WEB_PAGE defaults to ON when node and npm are found; OFF (the sanitizer pass, or a
# machine without node) builds the C++ alone and `ddx serve` answers that the page was not built.
find_program(DDX_NODE node)
find_program(DDX_NPM npm)
if(DDX_NODE AND DDX_NPM)
  set(ddx_web_default ON)
else()
  set(ddx_web_default OFF)
endif()
option(DDX_WEB_PAGE "Build the classroom page (tools/web, needs node and npm) into ddx serve" ${ddx_web_default})

set(DDX_WEB_DIR ${CMAKE_CURRENT_SOURCE_DIR}/web)
if(DDX_WEB_PAGE)
  if(NOT DDX_NODE OR NOT DDX_NPM)
    message(FATAL_ERROR "DDX_WEB_PAGE is ON but node or npm was not found (apt-get install nodejs npm), "
                        "or configure with -DDDX_WEB_PAGE=OFF")
  endif()
  # npm ci installs exactly the lockfile's packages into tools/web/node_modules.
  set(ddx_web_installed ${DDX_WEB_DIR}/node_modules/.package-lock.json)
  add_custom_command(OUTPUT ${ddx_web_installed}
    COMMAND ${DDX_NPM} ci --no-audit --no-fund --loglevel=error
    DEPENDS ${DDX_WEB_DIR}/package.json ${DDX_WEB_DIR}/package-lock.json
    WORKING_DIRECTORY ${DDX_WEB_DIR}
    COMMENT "npm ci (tools/web)" VERBATIM)
  file(GLOB ddx_web_sources CONFIGURE_DEPENDS ${DDX_WEB_DIR}/src/* ${PROJECT_SOURCE_DIR}/kb/examples/*.json)
  set(ddx_web_dist ${CMAKE_CURRENT_BINARY_DIR}/web-dist)
  add_custom_command(OUTPUT ${ddx_web_dist}/index.html
    COMMAND ${CMAKE_COMMAND} -E env DDX_WEB_OUT=${ddx_web_dist} ${DDX_NPM} run --silent build
    DEPENDS ${ddx_web_installed} ${ddx_web_sources} ${DDX_WEB_DIR}/index.html ${DDX_WEB_DIR}/vite.config.ts
            ${DDX_WEB_DIR}/tsconfig.json
    WORKING_DIRECTORY ${DDX_WEB_DIR}
    COMMENT "Building the classroom page (tsc + vite)" VERBATIM)
  set(ddx_web_cpp ${CMAKE_CURRENT_BINARY_DIR}/page_files.cpp)
  add_custom_command(OUTPUT ${ddx_web_cpp}
    COMMAND ${DDX_NODE} ${DDX_WEB_DIR}/embed.mjs ${ddx_web_dist} ${ddx_web_cpp}
    DEPENDS ${ddx_web_dist}/index.html ${DDX_WEB_DIR}/embed.mjs
    COMMENT "Embedding the classroom page" VERBATIM)
  target_sources(ddx_tools PRIVATE ${ddx_web_cpp})
else()
  target_sources(ddx_tools PRIVATE ${DDX_WEB_DIR}/page_none.cpp)
endif()
