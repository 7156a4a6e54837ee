-- Whether Django gets through start-up with these settings when nothing certainly raises:
-- code Parapet could not follow, a raise under a condition it cannot decide, a file it cannot
-- see, or an empty SECRET_KEY that a package in use reads while Django starts. One place for
-- the question, used by DJ-LOAD and by every Django check (lib/django.lua `ready`).

local M = {}

-- An empty SECRET_KEY: unassigned (Django's default is ""), None, "" or an empty secret.
local function secret_key_empty(settings)
  local key = settings.SECRET_KEY
  if key == nil then return true end
  if not fact.known(key) then return false end
  local kind = fact.kind(key)
  if kind == "null" then return true end
  if kind == "string" then return fact.value(key) == "" end
  if kind == "secret" then return fact.value(key).length == 0 end
  return false
end

-- True when a plain value (strings, nested lists and maps) holds a string that names
-- `package` or one of its modules.
local function mentions(value, package, depth)
  if type(value) == "string" then
    return value == package or value:sub(1, #package + 1) == package .. "."
  end
  if type(value) ~= "table" or depth > 6 then return false end
  for _, item in pairs(value) do
    if mentions(item, package, depth + 1) then return true end
  end
  return false
end

-- The first package of data/startup-secret-key-readers.json the settings use, or nil.
local function startup_reader(settings)
  local readers = data("startup-secret-key-readers")
  for _, entry in ipairs(readers.packages) do
    local package = fact.value(entry.package)
    for _, name in ipairs(entry.settings) do
      if settings[fact.value(name)] ~= nil then return entry end
    end
    for _, node in pairs(settings) do
      if fact.known(node) and mentions(fact.value(node), package, 0) then return entry end
    end
  end
  return nil
end

--- An empty SECRET_KEY with a package in use that reads it while Django starts: the reason and
--- the node to point at, or nil. Django then most likely stops before running any check, so
--- the checks themselves are not decided either (lib/django.lua `ready`).
function M.likely_failure(facts)
  local django = facts.django
  if not django or not django.settings or django.unseen_settings ~= nil then return nil end
  if not secret_key_empty(django.settings) then return nil end
  local reader = startup_reader(django.settings)
  if not reader then return nil end
  return "SECRET_KEY is empty and the settings use " .. fact.value(reader.package) .. ": "
    .. fact.value(reader.why) .. ", and Django raises ImproperlyConfigured on that read if it "
    .. "happens while Django starts", django.settings.SECRET_KEY or django.settings_file
    or django.settings_module
end

--- Why the settings may not load although nothing certainly raises, and the node to point
--- at; nil when there is no doubt (or no settings). Only DJ-LOAD reports these doubts: a raise
--- under a condition Parapet cannot decide, or a file it cannot see, is usually not taken on
--- a working deployment (measured in docs/conformance.md), so the checks stay decided.
function M.doubt(facts)
  local django = facts.django
  if not django or not django.settings then return nil end
  local unseen = django.unseen_settings
  if unseen ~= nil then return fact.reason(unseen), unseen end
  local possible = django.possible_load_errors
  if possible ~= nil and #possible > 0 then
    local first = possible[1]
    local kind = fact.value(first.type)
    local message = fact.value(first.message)
    if kind == "FileNotFoundError" then return kind .. ": " .. message, first end
    return kind .. " (" .. message .. ") is raised under a condition Parapet cannot decide", first
  end
  return M.likely_failure(facts)
end

return M
