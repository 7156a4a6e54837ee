-- String helpers that behave like the JavaScript the Observatory runs, so edge cases match:
-- trim, lower-case, split that keeps empty pieces, and parseInt.
local text = {}

-- JavaScript's String.prototype.trim for the whitespace that occurs in headers
-- (ASCII whitespace, no-break space and the byte order mark).
function text.trim(s)
  if s == nil then return nil end
  local patterns = { "^[%s]+", "[%s]+$", "^\194\160", "\194\160$", "^\239\187\191", "\239\187\191$" }
  local changed = true
  while changed do
    changed = false
    for _, pattern in ipairs(patterns) do
      local trimmed = s:gsub(pattern, "")
      if trimmed ~= s then
        s = trimmed
        changed = true
      end
    end
  end
  return s
end

function text.lower(s)
  if s == nil then return nil end
  return string.lower(s)
end

-- Splits on a plain separator, keeping empty pieces ("a;;b" gives "a", "", "b").
function text.split(s, separator)
  local pieces = {}
  local start = 1
  while true do
    local at = string.find(s, separator, start, true)
    if not at then
      pieces[#pieces + 1] = string.sub(s, start)
      return pieces
    end
    pieces[#pieces + 1] = string.sub(s, start, at - 1)
    start = at + #separator
  end
end

function text.starts_with(s, prefix)
  return string.sub(s, 1, #prefix) == prefix
end

-- JavaScript's Number.parseInt(s, 10): leading whitespace, an optional sign, then digits.
-- Returns nil where JavaScript returns NaN.
function text.parse_int(s)
  local sign, digits = string.match(s, "^%s*([+-]?)(%d+)")
  if not digits then return nil end
  local number = tonumber(digits)
  if sign == "-" then number = -number end
  return number
end

-- The first `count` characters (bytes for ASCII, which header values are).
function text.head(s, count)
  return string.sub(s, 1, count)
end

return text
