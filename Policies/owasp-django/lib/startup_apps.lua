-- What installed apps refuse while Django starts: an app whose AppConfig.ready() validates its
-- own settings (data/startup-app-checks.json). django.setup() calls every installed app's
-- ready() before any check runs, so a refusal there stops `manage.py check --deploy` as a
-- settings import error does (measured on Tock: cg-django-uaa's uaa_client).

local M = {}

-- True when the known list INSTALLED_APPS holds one of the strings of `configs`.
local function installed(apps, configs)
  for _, item in ipairs(apps) do
    if fact.known(item) and fact.kind(item) == "string" then
      for _, config in ipairs(configs) do
        if fact.value(item) == fact.value(config) then return true end
      end
    end
  end
  return false
end

-- A setting as ready() reads it with getattr(settings, name, None): "string" and its text (nil
-- for a secret, whose text Parapet never holds) and length, "other" and a description, or
-- "unknown" and the reason.
local function read(settings, name)
  local node = settings[name]
  if node == nil then return "other", "not set" end
  if not fact.known(node) then return "unknown", fact.reason(node) end
  local kind = fact.kind(node)
  if kind == "string" then
    local text = fact.value(node)
    return "string", text, #text
  end
  if kind == "secret" then return "string", nil, fact.value(node).length end
  if kind == "null" then return "other", "None" end
  return "other", (kind:match("^[aeiou]") and "an " or "a ") .. kind .. ", not a str"
end

-- DEBUG as the app reads it (Django's default is False): true, false, or nil when not known.
local function debug_on(settings)
  local node = settings.DEBUG
  if node == nil then return false end
  if not fact.known(node) or fact.kind(node) ~= "bool" then return nil end
  return fact.value(node)
end

-- Each check: "fail" and why, "unknown" and why, or nil when it passes.
local checks = {}

function checks.non_empty_string(check, settings)
  local doubt
  for _, item in ipairs(check.settings) do
    local name = fact.value(item)
    local kind, detail, length = read(settings, name)
    local message = fact.value(check.message):gsub("{setting}", name)
    if kind == "other" then return "fail", message, name .. " is " .. detail end
    if kind == "string" and length == 0 then return "fail", message, name .. " is empty" end
    if kind == "unknown" and doubt == nil then doubt = name .. " is not known (" .. detail .. ")" end
  end
  if doubt then return "unknown", nil, doubt end
  return nil
end

function checks.equal_together(check, settings)
  local wanted = fact.value(check.value)
  local texts, names = {}, {}
  for index, item in ipairs(check.settings) do
    names[index] = fact.value(item)
    local kind, text = read(settings, names[index])
    if kind ~= "string" or text == nil then return "unknown", nil, names[index] .. " is not known as text" end
    texts[index] = text
  end
  if (texts[1] == wanted) ~= (texts[2] == wanted) then
    return "fail", fact.value(check.message), names[1] .. " is '" .. texts[1] .. "' and " .. names[2] .. " is '" .. texts[2] .. "'"
  end
  return nil
end

function checks.prefix_unless_debug(check, settings)
  local debug = debug_on(settings)
  if debug == nil then return "unknown", nil, "DEBUG is not known" end
  if debug then return nil end
  local prefix = fact.value(check.prefix)
  for _, item in ipairs(check.settings) do
    local name = fact.value(item)
    local kind, text = read(settings, name)
    if kind ~= "string" or text == nil then return "unknown", nil, name .. " is not known as text" end
    if text:sub(1, #prefix) ~= prefix then
      return "fail", fact.value(check.message), "DEBUG is False and " .. name .. " is '" .. text .. "'"
    end
  end
  return nil
end

--- The first installed app of the data whose ready() certainly raises with these settings:
--- "fail", the reason and the node to point at; or "unknown", the reason and the node when
--- one may raise (a value it tests is not known); or nil. Every check of an app raises the same
--- exception, so a later certain refusal decides even when an earlier check is in doubt.
function M.refusal(facts)
  local django = facts.django
  if not django or not django.settings then return nil end
  local settings = django.settings
  local apps = settings.INSTALLED_APPS
  if apps == nil or not fact.known(apps) or fact.kind(apps) ~= "list" then return nil end
  local doubt, doubt_at
  for _, entry in ipairs(data("startup-app-checks").apps) do
    if installed(apps, entry.configs) then
      local app = fact.value(entry.app)
      for _, check in ipairs(entry.checks) do
        local status, message, cause = checks[fact.value(check.check)](check, settings)
        if status == "fail" then
          return "fail", "django.setup() runs the ready() of " .. app .. " (in INSTALLED_APPS): "
            .. fact.value(entry.why) .. ", which raises ImproperlyConfigured (\"" .. message .. "\") because "
            .. cause .. ", before any check runs", apps
        end
        if status == "unknown" and doubt == nil then
          doubt = "django.setup() runs the ready() of " .. app .. " (in INSTALLED_APPS): "
            .. fact.value(entry.why) .. ", which may raise ImproperlyConfigured: " .. cause
          doubt_at = apps
        end
      end
    end
  end
  if doubt then return "unknown", doubt, doubt_at end
  return nil
end

return M
