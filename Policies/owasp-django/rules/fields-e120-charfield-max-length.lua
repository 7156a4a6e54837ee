local django = import("django")
local ex = import("examples")

-- Backends whose features have supports_unlimited_charfield, and the release that added it
-- (django/db/backends/*/features.py; the GIS backends inherit their base backend's features;
-- load_backend still maps the 1.9 name postgresql_psycopg2 to postgresql).
local UNLIMITED_FROM = {
  ["django.db.backends.postgresql"] = "4.2",
  ["django.db.backends.postgresql_psycopg2"] = "4.2",
  ["django.contrib.gis.db.backends.postgis"] = "4.2",
  ["django.db.backends.sqlite3"] = "5.2",
  ["django.contrib.gis.db.backends.spatialite"] = "5.2",
  -- django-prometheus's wrappers keep their base backend's features (read in 2.4.1).
  ["django_prometheus.db.backends.postgresql"] = "4.2",
  ["django_prometheus.db.backends.postgis"] = "4.2",
  ["django_prometheus.db.backends.sqlite3"] = "5.2",
  ["django_prometheus.db.backends.spatialite"] = "5.2",
}
-- Django's backends without it in any release (dummy: DATABASES empty or ENGINE unset).
local LIMITED = {
  ["django.db.backends.mysql"] = true,
  ["django.db.backends.oracle"] = true,
  ["django.contrib.gis.db.backends.mysql"] = true,
  ["django.contrib.gis.db.backends.oracle"] = true,
  ["django.db.backends.dummy"] = true,
  ["django_prometheus.db.backends.mysql"] = true,
}
local DUMMY = "django.db.backends.dummy"

-- The default database's ENGINE as Django's ConnectionHandler completes it, or nil and why.
local function default_engine(facts)
  local databases = django.setting(facts, "DATABASES")
  if not databases.known then return nil, django.unknown_message("DATABASES", databases) end
  if databases.kind ~= "map" then return nil, "DATABASES is not a dict" end
  local node = databases.node
  -- Count the node's entries: an unknown entry has no plain value, but the dict is not empty.
  local entries = 0
  for _ in pairs(node or {}) do entries = entries + 1 end
  if entries == 0 then return DUMMY, nil end
  local default = node.default
  if default == nil then return nil, "DATABASES has no 'default' entry (Django raises ImproperlyConfigured)" end
  if not fact.known(default) then return nil, "cannot verify DATABASES['default']: " .. tostring(fact.reason(default)) end
  if fact.kind(default) ~= "map" then return nil, "DATABASES['default'] is not a dict" end
  local engine = default.ENGINE
  if engine == nil then return DUMMY, nil end
  if not fact.known(engine) then return nil, "cannot verify DATABASES['default']['ENGINE']: " .. tostring(fact.reason(engine)) end
  local value = fact.value(engine)
  if type(value) ~= "string" then return nil, "DATABASES['default']['ENGINE'] is not a string" end
  if value == "" or value == "django.db.backends." then return DUMMY, nil end
  return value
end

return {
  id = "DJ-FIELDS-E120",
  title = "CharFields must define max_length unless the database supports unlimited ones",
  severity = "medium",
  references = { "django:fields.E120", "owasp:A05:2021" },
  rationale = "Django refuses a model CharField without max_length (fields.E120) unless the default "
    .. "database supports unlimited VARCHAR columns (PostgreSQL from Django 4.2, SQLite from 5.2); "
    .. "`check --deploy` reports it as an error and migrations cannot create the column.",
  remediation = "Give the field a max_length (name = models.CharField(max_length=200)), or use a TextField.",
  docs = "https://docs.djangoproject.com/en/stable/ref/models/fields/#django.db.models.CharField.max_length",
  evidence = { "django.settings", "django.models" },
  check = function(facts, report)
    if not django.ready(facts, report, "fields.E120") then return end
    local series = django.series(facts)
    local engine, why = default_engine(facts)
    if django.at_least(facts, "4.2") then
      if engine and UNLIMITED_FROM[engine] then
        if django.at_least(facts, UNLIMITED_FROM[engine]) then
          return report.pass{ message = "the default database (" .. engine .. ") supports CharFields without max_length under Django " .. series }
        end
      elseif engine and not LIMITED[engine] then
        engine, why = nil, "the default database ENGINE " .. engine .. " is not one of Django's backends, so whether it supports CharFields without max_length is not known"
      end
    end
    -- Only now do the models matter: INSTALLED_APPS decides which are checked.
    local apps = django.setting(facts, "INSTALLED_APPS")
    if not apps.known then return django.report_unknown(report, "INSTALLED_APPS", apps) end
    local models = facts.django.models
    if not models then
      return report.unknown{ message = "cannot verify fields.E120: the models were not read (no settings module was evaluated)",
        at = django.settings_node(facts) }
    end
    local decided = false
    local modern = django.at_least(facts, "4.2")
    for _, field in ipairs(models.charfields_without_max_length) do
      local name = fact.value(field.model) .. "." .. fact.value(field.field)
      local requires = field.requires_unlimited_charfield
      -- From 4.2 Django skips the check for models that require the feature.
      local exempt = modern and requires and fact.known(requires) and fact.value(requires) == true
      if not exempt then
        decided = true
        if modern and requires and not fact.known(requires) then
          report.unknown{ message = "cannot verify fields.E120 for " .. name .. ": " .. tostring(fact.reason(requires)), at = field }
        elseif not modern then
          report.fail{ message = name .. ": CharField without max_length (Django " .. series .. " requires it on every database)", at = field }
        elseif engine then
          report.fail{ message = name .. ": CharField without max_length, and the default database (" .. engine
            .. ") does not support unlimited CharFields under Django " .. series, at = field }
        else
          report.unknown{ message = "cannot verify fields.E120 for " .. name .. " (CharField without max_length): " .. why, at = field }
        end
      end
    end
    for _, item in ipairs(models.unknowns) do
      report.unknown{ message = "cannot verify fields.E120: " .. fact.value(item.reason), at = item }
      decided = true
    end
    if not decided then report.pass() end
  end,
  examples = {
    passing = {
      ex.case({ 'INSTALLED_APPS += ["shop"]', 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}' }, nil, {
        ["requirements.txt"] = "Django==4.2.16\ndjango-axes==6.5.1\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\nclass Product(models.Model):\n    name = models.CharField(max_length=80)\n",
      }),
      -- PostgreSQL (the baseline's database) from Django 4.2: unlimited CharFields are allowed.
      ex.case({ 'INSTALLED_APPS += ["shop"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\nclass Product(models.Model):\n    name = models.CharField()\n",
      }),
    },
    failing = {
      ex.case({ 'INSTALLED_APPS += ["shop"]', 'DATABASES["default"]["ENGINE"] = "django.db.backends.mysql"' }, nil, {
        ["requirements.txt"] = "Django==5.2.8\ndjango-axes==6.5.1\nmysqlclient==2.2.7\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models as m\n\n\nclass Stamped(m.Model):\n"
          .. "↓    label = m.CharField(help_text='x')\n\n    class Meta:\n        abstract = True\n\n\n"
          .. "class Product(Stamped):\n    pass\n",
      }),
      ex.case({ 'INSTALLED_APPS += ["shop"]', 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}' }, nil, {
        ["requirements.txt"] = "Django==4.2.16\ndjango-axes==6.5.1\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db.models import CharField, Model\n\nclass Product(Model):\n↓    name = CharField(null=True)\n",
      }),
    },
  },
}
