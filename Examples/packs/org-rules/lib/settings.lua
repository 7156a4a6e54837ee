-- Django settings for the org-rules pack, from the `django` facts (docs/facts/django.md): is
-- there a settings module that loads, a setting's node, and messages for unknown values.

local M = {}

--- The `django` facts when there are settings that load; otherwise reports (not applicable
--- without settings, unknown when they do not load) and returns nil.
function M.ready(facts, report)
  local django = facts.django
  if django == nil or django.settings == nil then
    report.not_applicable{ message = "no Django settings in the evidence" }
    return nil
  end
  if django.loaded ~= nil and fact.value(django.loaded) == false then
    local errors = django.load_errors
    local first = errors and errors[1]
    local why = "the settings module is missing"
    if first ~= nil then
      why = tostring(fact.value(first.type)) .. ": " .. tostring(fact.value(first.message))
    end
    report.unknown{ message = "the Django settings do not load (" .. why .. "), so Django does not start",
      at = first or django.settings_module }
    return nil
  end
  return django
end

--- The node of setting `name`, or nil and the node that says why an unassigned setting cannot be
--- taken as Django's default (a module Parapet cannot follow completely).
function M.setting(django, name)
  local node = django.settings[name]
  if node ~= nil then return node, nil end
  return nil, django.unseen_settings
end

--- Where a finding about an unassigned setting points: the settings module's file.
function M.anchor(django)
  return django.settings_file or django.settings_module
end

--- "cannot verify NAME: <reason> (depends on $A, $B)".
function M.unknown(report, name, node)
  local message = "cannot verify " .. name .. ": " .. tostring(fact.reason(node) or "not known")
  local variables = fact.variables(node) or {}
  if #variables > 0 then
    message = message .. " (depends on $" .. table.concat(variables, ", $") .. ")"
  end
  report.unknown{ message = message, at = node }
end

return M
