-- luacheck settings for Parapet's Lua: packs, plugins and examples run in Parapet's sandbox.
std = "lua54"
-- What the sandbox adds to a pack's environment (see docs/writing-policies.md).
read_globals = { "import", "data", "located", "fact" }
-- Removed from the sandbox: using them is a mistake luacheck should report.
not_globals = { "load", "loadfile", "dofile", "require", "collectgarbage", "rawset", "print",
  "io", "os", "debug", "package", "coroutine" }
max_code_line_length = 220
max_comment_line_length = 130
-- Rule metadata (rationales, remediations, examples) is long prose in strings.
max_string_line_length = false
exclude_files = { "bench/.venv/**", ".build*/**" }
