-- nginx from the raw layer (`raw.nginx`, includes resolved in place) for the org-rules pack:
-- the http → server → location tree with the inheritance of simple directives, and nginx's
-- size syntax. Only top-level files are walked (files that no `include` of the scan names), so
-- a server in conf.d/ is judged once, inside the `http` block that includes it.

local raw = import("raw")

local M = {}

local function name_of(directive)
  return raw.text(raw.child(directive, "name"))
end

local function block_of(directive)
  local block = raw.child(directive, "block")
  if raw.is_list(block) then return block end
  return nil
end

--- The arguments of a directive as plain strings (unknown or non-string arguments are nil).
function M.args(directive)
  local out = {}
  local args = raw.child(directive, "args")
  if raw.is_list(args) then
    for index, arg in ipairs(args) do out[index] = raw.text(arg) or false end
  end
  return out
end

--- The node of a directive's first argument (findings about a value point at it), else the
--- directive itself.
function M.value_node(directive)
  local args = raw.child(directive, "args")
  return (raw.is_list(args) and args[1]) or directive
end

-- The directives one level of a block sets (the last wins, as nginx's merge sees the value the
-- configuration ends with; nginx refuses true duplicates of these directives anyway).
local function level(block, names)
  local found = {}
  for _, directive in ipairs(block) do
    local name = name_of(directive)
    if name and names[name] then found[name] = directive end
  end
  return found
end

local function locations(block, names, parent, out)
  for _, directive in ipairs(block) do
    if name_of(directive) == "location" then
      local inner = block_of(directive) or {}
      local own = level(inner, names)
      local effective = {}
      for name in pairs(names) do effective[name] = own[name] or parent[name] end
      out[#out + 1] = { directive = directive, own = own, effective = effective,
        path = table.concat(M.args(directive), " ") }
      locations(inner, names, effective, out)
    end
  end
  return out
end

-- The files some `include` of the scan names: they are read where they are included.
local function included_files(files)
  local included = {}
  local function walk(block)
    for _, directive in ipairs(block) do
      if name_of(directive) == "include" then
        local list = raw.child(directive, "files")
        if raw.is_list(list) then
          for _, path in ipairs(list) do
            local text = raw.text(path)
            if text then included[text] = true end
          end
        end
      end
      local inner = block_of(directive)
      if inner then walk(inner) end
    end
  end
  for _, file in ipairs(files) do
    local directives = raw.child(file.entry, "directives")
    if raw.is_list(directives) then walk(directives) end
  end
  return included
end

--- Every `server` of the http contexts of the scan's top-level nginx files, with the values of
--- `names` (a set of directive names) at each level: { file =, directive =, http = {name =
--- directive}, own = {…}, effective = {…} (server over http), locations = { { directive, own,
--- effective, path } } (nested too, each over its parent) }.
function M.servers(facts, names)
  local files = raw.files(facts, "nginx")
  local included = included_files(files)
  local out = {}
  local function http(block, file)
    local http_level = level(block, names)
    for _, directive in ipairs(block) do
      if name_of(directive) == "server" then
        local inner = block_of(directive) or {}
        local own = level(inner, names)
        local effective = {}
        for name in pairs(names) do effective[name] = own[name] or http_level[name] end
        out[#out + 1] = {
          file = file, directive = directive, http = http_level, own = own, effective = effective,
          block = inner, locations = locations(inner, names, effective, {}),
        }
      end
    end
  end
  for _, file in ipairs(files) do
    local directives = raw.child(file.entry, "directives")
    if not included[file.path] and raw.is_list(directives) then
      local has_http = false
      for _, directive in ipairs(directives) do
        if name_of(directive) == "http" then
          has_http = true
          http(block_of(directive) or {}, file.path)
        end
      end
      -- A file without `http {` is the inside of `http` (conf.d style), as the reader reads it.
      if not has_http then http(directives, file.path) end
    end
  end
  return out
end

--- "server shop.example.com" or "server at nginx.conf:12".
function M.describe(server)
  for _, directive in ipairs(server.block) do
    if name_of(directive) == "server_name" then
      local names = {}
      for _, arg in ipairs(M.args(directive)) do
        if arg and arg ~= "" then names[#names + 1] = arg end
      end
      if #names > 0 then return "server " .. table.concat(names, " ") end
    end
  end
  return "server at " .. tostring(fact.file(server.directive)) .. ":" .. tostring(fact.line(server.directive))
end

--- True when the server accepts TLS: a `listen … ssl`, or `ssl on` (old syntax) at server or
--- http level.
function M.is_tls(server)
  for _, directive in ipairs(server.block) do
    if name_of(directive) == "listen" then
      for _, arg in ipairs(M.args(directive)) do
        if arg == "ssl" then return true end
      end
    end
  end
  local ssl = server.own.ssl or server.http.ssl
  return ssl ~= nil and M.args(ssl)[1] == "on"
end

--- nginx's size syntax (ngx_parse_offset): digits with an optional k, m or g (any case).
--- Returns the size in bytes, or nil when nginx would refuse the value.
function M.size(text)
  if type(text) ~= "string" then return nil end
  local digits, unit = text:match("^(%d+)([kKmMgG]?)$")
  if not digits or #digits > 15 then return nil end
  local factor = 1
  local lower = unit:lower()
  if lower == "k" then factor = 1024 elseif lower == "m" then factor = 1024 * 1024
  elseif lower == "g" then factor = 1024 * 1024 * 1024 end
  return math.tointeger(tonumber(digits)) * factor
end

--- "file:line" of a directive, for messages about inherited values.
function M.at(directive)
  return tostring(fact.file(directive)) .. ":" .. tostring(fact.line(directive))
end

return M
