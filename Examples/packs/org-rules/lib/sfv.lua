-- Structured Field Values (RFC 8941 / RFC 9651) for the org-rules pack: the Dictionary parser
-- browsers apply to Permissions-Policy. A value that does not parse is ignored as a whole by
-- the browser, so the parser reports the first error instead of guessing.
-- Results: a dictionary is a list of members { key =, value = item or inner list, params = {} };
-- an item is { type = "integer"|"decimal"|"string"|"token"|"binary"|"boolean"|"date"|"display", value = };
-- an inner list is { type = "inner", items = { item… } }.

local M = {}

local function fail(message, position)
  error({ sfv = message .. " at character " .. tostring(position) }, 0)
end

local Parser = {}
Parser.__index = Parser

function Parser:peek() return self.text:sub(self.pos, self.pos) end
function Parser:skip_sp() while self:peek() == " " do self.pos = self.pos + 1 end end
function Parser:skip_ows()
  while self:peek() == " " or self:peek() == "\t" do self.pos = self.pos + 1 end
end

function Parser:key()
  local first = self:peek()
  if not first:match("^[a-z*]$") then fail("a key must start with a lower-case letter or *", self.pos) end
  local key = self.text:match("^[a-z0-9_%-%.%*]+", self.pos)
  self.pos = self.pos + #key
  return key
end

function Parser:bare_item()
  local c = self:peek()
  if c == "-" or c:match("^%d$") then
    local number = self.text:match("^%-?[%d%.]+", self.pos)
    local integer = number:match("^%-?%d+$")
    local decimal = number:match("^%-?%d+%.%d+$")
    if not integer and not decimal then fail("not a number", self.pos) end
    local digits = #(number:gsub("[%-%.]", ""))
    if integer and digits > 15 then fail("integer too long", self.pos) end
    if decimal then
      local whole, fraction = number:match("^%-?(%d+)%.(%d+)$")
      if #whole > 12 or #fraction > 3 then fail("decimal too long", self.pos) end
    end
    self.pos = self.pos + #number
    return { type = integer and "integer" or "decimal", value = tonumber(number) }
  elseif c == '"' then
    local out = {}
    local i = self.pos + 1
    while true do
      local ch = self.text:sub(i, i)
      if ch == "" then fail("unterminated string", self.pos) end
      if ch == "\\" then
        local nxt = self.text:sub(i + 1, i + 1)
        if nxt ~= '"' and nxt ~= "\\" then fail("bad escape in string", i) end
        out[#out + 1] = nxt
        i = i + 2
      elseif ch == '"' then
        self.pos = i + 1
        return { type = "string", value = table.concat(out) }
      else
        local byte = ch:byte()
        if byte < 0x20 or byte > 0x7e then fail("a string holds printable ASCII only", i) end
        out[#out + 1] = ch
        i = i + 1
      end
    end
  elseif c:match("^[A-Za-z*]$") then
    local token = self.text:match("^[A-Za-z*][!#$%%&'%*%+%-%.%^_`|~%w:/]*", self.pos)
    self.pos = self.pos + #token
    return { type = "token", value = token }
  elseif c == ":" then
    local body = self.text:match("^:([A-Za-z0-9+/=]*):", self.pos)
    if not body then fail("bad byte sequence", self.pos) end
    self.pos = self.pos + #body + 2
    return { type = "binary", value = body }
  elseif c == "?" then
    local flag = self.text:sub(self.pos + 1, self.pos + 1)
    if flag ~= "0" and flag ~= "1" then fail("a boolean is ?0 or ?1", self.pos) end
    self.pos = self.pos + 2
    return { type = "boolean", value = flag == "1" }
  elseif c == "@" then
    self.pos = self.pos + 1
    local item = self:bare_item()
    if item.type ~= "integer" then fail("a date is an integer", self.pos) end
    return { type = "date", value = item.value }
  elseif c == "%" and self.text:sub(self.pos + 1, self.pos + 1) == '"' then
    local body = self.text:match('^%%"([^"]*)"', self.pos)
    if not body then fail("unterminated display string", self.pos) end
    self.pos = self.pos + #body + 3
    return { type = "display", value = body }
  end
  fail("expected an item", self.pos)
end

function Parser:params()
  local params = {}
  while self:peek() == ";" do
    self.pos = self.pos + 1
    self:skip_sp()
    local key = self:key()
    local value = { type = "boolean", value = true }
    if self:peek() == "=" then
      self.pos = self.pos + 1
      value = self:bare_item()
    end
    params[key] = value
  end
  return params
end

function Parser:item_or_inner()
  if self:peek() == "(" then
    self.pos = self.pos + 1
    local items = {}
    while true do
      self:skip_sp()
      if self:peek() == ")" then
        self.pos = self.pos + 1
        return { type = "inner", items = items }, self:params()
      end
      if self:peek() == "" then fail("unterminated inner list", self.pos) end
      local item = self:bare_item()
      item.params = self:params()
      items[#items + 1] = item
      local nxt = self:peek()
      if nxt ~= " " and nxt ~= ")" then fail("expected a space or ) in an inner list", self.pos) end
    end
  end
  local item = self:bare_item()
  return item, self:params()
end

--- Parses a Dictionary field value. Returns the members in order (a later duplicate key replaces
--- the earlier value in place, as RFC 8941 says) and an index key → member; or nil and an error.
function M.dictionary(text)
  local parser = setmetatable({ text = text, pos = 1 }, Parser)
  local ok, result = pcall(function()
    local members, index = {}, {}
    parser:skip_sp()
    if parser:peek() == "" then return { members = members, index = index } end
    while true do
      local key = parser:key()
      local value, params
      if parser:peek() == "=" then
        parser.pos = parser.pos + 1
        value, params = parser:item_or_inner()
      else
        value, params = { type = "boolean", value = true }, parser:params()
      end
      local member = { key = key, value = value, params = params }
      if index[key] then
        members[index[key].position] = member
        member.position = index[key].position
      else
        members[#members + 1] = member
        member.position = #members
      end
      index[key] = member
      parser:skip_ows()
      if parser:peek() == "" then return { members = members, index = index } end
      if parser:peek() ~= "," then fail("expected a comma between members", parser.pos) end
      parser.pos = parser.pos + 1
      parser:skip_ows()
      if parser:peek() == "" then fail("a trailing comma", parser.pos) end
    end
  end)
  if ok then return result end
  if type(result) == "table" and result.sfv then return nil, result.sfv end
  error(result, 0)
end

return M
