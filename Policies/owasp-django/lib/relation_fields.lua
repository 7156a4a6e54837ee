-- Django's checks of the options a model passes to a relation field: fields.W340 (null on a
-- ManyToManyField, which has no effect) and fields.W342 (a unique ForeignKey, a OneToOneField's
-- job). The reader lists, in django.models.relation_options, every field of the installed apps'
-- concrete models that passes null, unique or primary_key to a class outside Django's plain
-- fields; data/relation-field-classes.json says which class is which kind of relation.
local django = import("django")

local M = {}

local TABLE = "relation-field-classes"
-- The kind of relation a class path is ("foreign_key", "one_to_one", "many_to_many"), or nil.
local function kind_of(class)
  local kind = data(TABLE).classes[class]
  return kind and fact.value(kind) or nil
end

-- A name a package's class may carry when it derives from one of Django's relations.
local function looks_like(class, spec)
  local last = class:match("([^.]+)$") or class
  return last:find(spec.looks_like) ~= nil
end

--- Judges one check over the model facts. `spec`: `id`, `kind` (the relation kind it applies
--- to), `looks_like` (a Lua pattern for a package class's name), `subject` (what the check is
--- about, for messages), and `decide(facts, options)`, which returns true (Django warns), false
--- (it does not), or nil and why (not known) for a field's literal options.
function M.judge(facts, report, spec)
  local id = spec.id
  if not django.ready(facts, report, id) then return end
  local apps = django.setting(facts, "INSTALLED_APPS")
  if not apps.known then return django.report_unknown(report, "INSTALLED_APPS", apps) end
  local models = facts.django.models
  if not models then
    return report.unknown{ message = "cannot verify " .. id .. ": the models were not read (no settings module was evaluated)",
      at = django.settings_node(facts) }
  end
  local failed = false
  local doubts = {}
  local function doubt(message, at) doubts[#doubts + 1] = { message = "cannot verify " .. id .. " for " .. message, at = at } end

  for _, field in ipairs(models.relation_options) do
    local class = fact.value(field.class)
    local name = fact.value(field.model) .. "." .. fact.value(field.field)
    local kind = kind_of(class)
    local through = field.subclass and (" (through " .. fact.value(field.subclass) .. ")") or ""
    if kind == spec.kind then
      local warns, why = spec.decide(facts, field.options)
      if warns == nil and why then
        doubt(name .. ": " .. why, field)
      elseif warns == false and field.spread then
        doubt(name .. " (a " .. class .. through .. "): " .. fact.value(field.spread), field)
      elseif warns and field.doubt then
        doubt(name .. " (a " .. class .. through .. "): " .. fact.value(field.doubt), field)
      elseif warns then
        failed = true
        report.fail{ message = name .. " is a " .. class .. through .. " " .. spec.subject .. " (" .. id .. ")",
          at = field, django_check = id, severity = "low" }
      end
    elseif kind == nil and not class:find("^django%.") and looks_like(class, spec) then
      local warns = spec.decide(facts, field.options)
      if warns ~= false or field.spread then
        doubt(name .. ": its class " .. class .. " is another package's, which Parapet does not know to be a "
          .. spec.kind:gsub("_", " ") .. " or not", field)
      end
    end
  end
  for _, item in ipairs(models.relation_option_unknowns) do
    doubts[#doubts + 1] = { message = "cannot verify " .. id .. ": " .. fact.value(item.reason), at = item }
  end
  -- Another package's app is not scanned: its models may pass the option (taxonomy-connector's
  -- and NAV's do), so such an app leaves the check undecided unless a model of the scan decides it.
  for _, app in ipairs(models.apps) do
    local source = fact.value(app.source)
    if source == "declared" then
      doubt("app '" .. fact.value(app.entry) .. "': its models are not among the scanned files (scan the package's "
        .. "code with the project, or waive this finding once its models are known to pass no such option)", app)
    end
  end
  for _, item in ipairs(models.external_bases) do
    doubt(fact.value(item.model) .. ": it derives from " .. fact.value(item.base)
      .. ", whose fields Parapet does not read", item)
  end
  -- A model Django names decides the check; doubts about other models do not change that.
  if failed then return end
  if #doubts == 0 then
    return report.pass{ message = "no model of the installed apps " .. spec.passes }
  end
  django.report_doubts(report, doubts)
end

--- A literal option's value: true, false, or nil and why.
function M.option(options, name)
  local value = options[name]
  if value == nil then return false end
  if not fact.known(value) then return nil, tostring(fact.reason(value)) end
  return fact.value(value) == true
end

return M
