local django = import("django")
local ex = import("examples")

-- The standalone settings Django 1.8 and 1.9 compare with their defaults (all tuples there but
-- TEMPLATE_DEBUG and TEMPLATE_STRING_IF_INVALID), and those 1.10 and 1.11 test for truth.
local COMPARED = {
  "TEMPLATE_DIRS", "ALLOWED_INCLUDE_ROOTS", "TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATE_DEBUG",
  "TEMPLATE_LOADERS", "TEMPLATE_STRING_IF_INVALID",
}
local TESTED = {
  "TEMPLATE_DIRS", "TEMPLATE_CONTEXT_PROCESSORS", "TEMPLATE_DEBUG", "TEMPLATE_LOADERS",
  "TEMPLATE_STRING_IF_INVALID",
}
local SCALARS = { TEMPLATE_DEBUG = true, TEMPLATE_STRING_IF_INVALID = true }

-- Python's `value != default` for an assigned standalone setting under Django 1.8 or 1.9:
-- true, false, or nil and a reason.
local function differs(facts, name, s)
  local default = django.default(facts, name)
  if SCALARS[name] then
    if s.kind == "bool" or s.kind == "integer" or s.kind == "number" then
      -- False == 0 in Python, and "" is only equal to "".
      if type(default) ~= "boolean" then return true end
      local number = s.kind == "bool" and (s.value and 1 or 0) or s.value
      return number ~= 0
    end
    if s.kind == "string" then return type(default) ~= "string" or s.value ~= default end
    return true
  end
  -- The default is a tuple: a list, a set or any other type is never equal to it.
  local python_type = django.python_type(facts, name)
  if python_type == nil then return nil, "whether " .. name .. " is a tuple is not known" end
  if python_type ~= "tuple" then return true end
  local items = s.node or {}
  if #items ~= #(default or {}) then return true end
  for index, item in ipairs(items) do
    if not fact.known(item) then return nil, fact.reason(item) end
    if fact.value(item) ~= default[index] then return true end
  end
  return false
end

return {
  id = "DJ-1_8-W001",
  title = "Standalone TEMPLATE_* settings are ignored once TEMPLATES is set",
  severity = "low",
  references = { "django:1_8.W001", "owasp:A05:2021", "cwe:1188" },
  rationale = "From Django 1.8 the TEMPLATES setting configures the template engines; values left "
    .. "in the old standalone settings (TEMPLATE_DEBUG, TEMPLATE_DIRS, …) are ignored once it is "
    .. "set, so a template option the project believes it set (debug off, its directories) is not "
    .. "the one in use. Django 1.8 to 1.11 report 1_8.W001; 1.10 removed the settings.",
  remediation = "Move each value into the default engine of TEMPLATES (TEMPLATE_DEBUG into "
    .. "OPTIONS['debug'], TEMPLATE_DIRS into DIRS, …) and delete the standalone setting.",
  docs = "https://docs.djangoproject.com/en/1.11/ref/templates/upgrading/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "1_8.W001") then return end
    if not django.at_least(facts, "1.8") or django.at_least(facts, "2.0") then
      return report.not_applicable{ message = "1_8.W001 exists in Django 1.8 to 1.11" }
    end
    local templates = django.setting(facts, "TEMPLATES")
    if not templates.known then return django.report_unknown(report, "TEMPLATES", templates) end
    local engines = django.truthy(templates)
    if engines == nil then return django.report_unknown(report, "TEMPLATES", templates) end
    if not engines then return report.pass{ message = "TEMPLATES is empty: the standalone settings are in use" } end
    local compared = not django.at_least(facts, "1.10")
    local found, first = {}, nil
    for _, name in ipairs(compared and COMPARED or TESTED) do
      local s = django.setting(facts, name)
      if s.assigned then
        if not s.known then return django.report_unknown(report, name, s) end
        local counted, reason
        if compared then counted, reason = differs(facts, name, s) else counted = django.truthy(s) end
        if counted == nil then
          return django.report_unknown(report, name, { reason = reason or s.reason, at = s.at })
        end
        if counted then
          found[#found + 1] = name
          first = first or s.at
        end
      end
    end
    if #found == 0 then return report.pass() end
    report.fail{
      message = "TEMPLATES is set, so Django ignores " .. table.concat(found, ", ")
        .. ": put the value into the default TEMPLATES engine",
      at = first,
    }
  end,
  examples = {
    passing = {
      ex.case({ "TEMPLATE_DEBUG = DEBUG" }, nil, { ["requirements.txt"] = "Django==1.8.19\n" }),
      ex.case({ "TEMPLATE_DEBUG = False" }, nil, { ["requirements.txt"] = "Django==1.11.29\n" }),
    },
    failing = {
      ex.case({ "↓TEMPLATE_DEBUG = True" }, nil, { ["requirements.txt"] = "Django==1.8.19\n" }),
      ex.case({ "↓TEMPLATE_DIRS = [BASE_DIR / 'templates']" }, nil, { ["requirements.txt"] = "Django==1.11.29\n" }),
    },
  },
}
