# embed_sql.cmake: writes OUTPUT, a C++ file holding each schema/NNNN_*.sql as a string, in
# file-name order, so that the binaries carry their migrations.
file(GLOB sql_files "${SCHEMA_DIR}/*.sql")
list(SORT sql_files)
set(body "// Generated from daemon/store/schema/*.sql by embed_sql.cmake; do not edit.\n")
string(APPEND body "#include \"daemon/store/migrations.hpp\"\nnamespace obrd {\n")
string(APPEND body "const std::vector<Migration>& migrations() {\n  static const std::vector<Migration> all = {\n")
foreach(f ${sql_files})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  # "0008" would be an (invalid) octal literal in C++.
  string(REGEX REPLACE "^0+([0-9])" "\\1" version ${version})
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"obrd_sql(${sql})obrd_sql\"},\n")
endforeach()
string(APPEND body "  };\n  return all;\n}\n}  // namespace obrd\n")
file(WRITE ${OUTPUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
