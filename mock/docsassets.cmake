# Embeds the Swagger UI and ReDoc files that the built-in /docs and /redoc pages load (mock/docspages.cpp) as the
# Qt resource "portico_docs", under the prefix /portico/docs. They come from the npm packages swagger-ui-dist
# and redoc, which tools/setup.sh installs into tools/npm/node_modules; nothing third-party is committed.
#
# Usage, from mock/CMakeLists.txt:
#     set(PORTICO_NPM_DIR "${CMAKE_SOURCE_DIR}/tools/npm/node_modules")   # optional; this is the default
#     include(docsassets.cmake)
#     portico_add_docs_assets(portico_mock)
include_guard(GLOBAL)

function(portico_add_docs_assets target)
    if(NOT TARGET ${target})
        message(FATAL_ERROR "portico_add_docs_assets: no target named '${target}'")
    endif()
    # Read here rather than at include() time: the caller's value wins wherever it was set.
    if(NOT PORTICO_NPM_DIR)
        set(PORTICO_NPM_DIR "${CMAKE_SOURCE_DIR}/tools/npm/node_modules")
    endif()

    # package-relative source path | name in the resource (docspages.cpp's table must match)
    set(assets
        "swagger-ui-dist/swagger-ui-bundle.js|swagger-ui-bundle.js"
        "swagger-ui-dist/swagger-ui-standalone-preset.js|swagger-ui-standalone-preset.js"
        "swagger-ui-dist/swagger-ui.css|swagger-ui.css"
        "swagger-ui-dist/favicon-32x32.png|favicon-32x32.png"
        "redoc/bundles/redoc.standalone.js|redoc.standalone.js"
    )

    set(missing "")
    set(entries "")
    foreach(asset IN LISTS assets)
        string(REPLACE "|" ";" parts "${asset}")
        list(GET parts 0 source)
        list(GET parts 1 alias)
        set(file "${PORTICO_NPM_DIR}/${source}")
        if(NOT EXISTS "${file}")
            string(APPEND missing "\n    ${file}")
        endif()
        string(APPEND entries "        <file alias=\"${alias}\">${file}</file>\n")
    endforeach()
    if(missing)
        message(FATAL_ERROR
            "The Swagger UI / ReDoc files for the built-in /docs and /redoc pages are missing:${missing}\n"
            "They come from npm (tools/npm/package.json): run tools/setup.sh, then configure again.")
    endif()

    # Re-configure when the packages are reinstalled or removed: a removed package then stops the build with the
    # message above instead of an rcc error about a missing file.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
        "${PORTICO_NPM_DIR}/swagger-ui-dist/package.json" "${PORTICO_NPM_DIR}/redoc/package.json")

    # The resource's name is the .qrc's base name; docspages.cpp calls Q_INIT_RESOURCE(portico_docs), so keep it.
    set(qrc "${CMAKE_CURRENT_BINARY_DIR}/${target}_docs/portico_docs.qrc")
    string(CONCAT content
        "<!DOCTYPE RCC>\n<RCC version=\"1.0\">\n    <qresource prefix=\"/portico/docs\">\n"
        "${entries}"
        "    </qresource>\n</RCC>\n")
    # Rewrite only on change, so a re-configure does not recompile ~3 MB of resource data.
    file(CONFIGURE OUTPUT "${qrc}" CONTENT "${content}" @ONLY)

    # The function form of qt_add_resources reads the file list from the .qrc, so a changed asset reruns rcc.
    qt_add_resources(generated "${qrc}")
    set_source_files_properties(${generated} PROPERTIES SKIP_AUTOGEN ON)
    target_sources(${target} PRIVATE ${generated})
endfunction()
