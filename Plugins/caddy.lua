-- Caddyfile reader: sites, their `header` directives, `tls` and `redir` lines.
--
-- Caddy's format is simple and line-oriented: a site block starts with its addresses and `{`,
-- directives are one per line, and blocks nest with braces. This plugin keeps what the
-- security rules ask about: which headers each site sets or removes (`header Name value`,
-- `header -Server`, `header { … }`), whether `tls internal`/off weakens TLS, and redirects.

local function trim(text)
  return (string.gsub(text, "^%s+", ""):gsub("%s+$", ""))
end

-- Splits a line into words, keeping "quoted strings" (with \" escapes) together.
local function words(line)
  local out = {}
  local index = 1
  local length = #line
  while index <= length do
    local char = string.sub(line, index, index)
    if char == " " or char == "\t" then
      index = index + 1
    elseif char == "#" then
      break
    elseif char == "\"" then
      local buffer = {}
      index = index + 1
      while index <= length do
        local current = string.sub(line, index, index)
        if current == "\\" and index < length then
          buffer[#buffer + 1] = string.sub(line, index + 1, index + 1)
          index = index + 2
        elseif current == "\"" then
          index = index + 1
          break
        else
          buffer[#buffer + 1] = current
          index = index + 1
        end
      end
      out[#out + 1] = table.concat(buffer)
    else
      local finish = string.find(line, "[%s]", index) or (length + 1)
      out[#out + 1] = string.sub(line, index, finish - 1)
      index = finish
    end
  end
  return out
end

-- One `header` line as a fact: `Name value`, `-Name` (remove), `+Name value` (add).
local function header_fact(args, line)
  local name = args[1] or ""
  local operation = "set"
  local first = string.sub(name, 1, 1)
  if first == "-" then operation = "delete"; name = string.sub(name, 2)
  elseif first == "+" then operation = "add"; name = string.sub(name, 2)
  elseif first == "?" then operation = "default"; name = string.sub(name, 2)
  elseif first == ">" then operation = "deferred"; name = string.sub(name, 2) end
  local value = {}
  for index = 2, #args do value[#value + 1] = args[index] end
  return located({
    name = located(string.lower(name), line),
    value = located(table.concat(value, " "), line),
    operation = located(operation, line),
  }, line)
end

return {
  name = "caddy",
  description = "Caddyfile sites: headers set or removed, TLS mode and redirects",
  claims = { names = { "Caddyfile", "*.caddy", "Caddyfile.*" } },
  parse = function(file)
    local sites = {}
    local site = nil
    local depth = 0
    local header_block = nil
    local errors = {}
    for number, raw in ipairs(file.lines) do
      local line = trim(raw)
      if line ~= "" and string.sub(line, 1, 1) ~= "#" then
        local args = words(line)
        local opens = string.sub(line, -1) == "{"
        if opens then args[#args] = nil end
        if line == "}" then
          depth = depth - 1
          if depth < 0 then
            errors[#errors + 1] = located("unexpected '}'", number)
            depth = 0
          end
          if header_block and depth == 1 then header_block = nil end
          if depth == 0 then site = nil end
        elseif depth == 0 then
          -- A site block (or the global options block, which has no address).
          site = {
            addresses = {},
            headers = {},
            tls = located("automatic", number),
            redirects = {},
          }
          for _, address in ipairs(args) do
            site.addresses[#site.addresses + 1] = located((string.gsub(address, ",$", "")), number)
          end
          if #args > 0 then sites[#sites + 1] = located(site, number) end
          if opens then depth = 1 end
        elseif header_block then
          site.headers[#site.headers + 1] = header_fact(args, number)
          if opens then depth = depth + 1 end
        else
          local directive = args[1]
          table.remove(args, 1)
          if directive == "header" and site then
            -- `header { … }` or `header /path { … }` opens a block of header lines.
            if opens then
              header_block = true
            else
              -- A path matcher may come first: `header /static/* Cache-Control …`.
              if args[1] and (string.sub(args[1], 1, 1) == "/" or string.sub(args[1], 1, 1) == "@") then
                table.remove(args, 1)
              end
              site.headers[#site.headers + 1] = header_fact(args, number)
            end
          elseif directive == "tls" and site then
            site.tls = located(args[1] or "custom", number)
          elseif directive == "redir" and site then
            site.redirects[#site.redirects + 1] = located(table.concat(args, " "), number)
          end
          if opens then depth = depth + 1 end
        end
      end
    end
    if depth > 0 then errors[#errors + 1] = located("a block is never closed (missing '}')", #file.lines) end
    return { sites = sites, errors = errors }
  end,
}
