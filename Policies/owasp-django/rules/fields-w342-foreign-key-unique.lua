local ex = import("examples")
local relations = import("relation_fields")

local MODELS = "from django.db import models\n\n\nclass Account(models.Model):\n    name = models.CharField(max_length=40)\n\n\n"
local APPS = 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]'

return {
  id = "DJ-FIELDS-W342",
  title = "ForeignKeys must not be unique",
  severity = "low",
  references = { "django:fields.W342", "owasp:A05:2021" },
  rationale = "A ForeignKey with unique=True (or primary_key=True, which implies it) allows one row per related "
    .. "object, which is a one-to-one relation; Django warns (fields.W342) because a OneToOneField says so "
    .. "and gives the reverse accessor a single object, and `check --deploy` prints the warning.",
  remediation = "Use a OneToOneField instead of ForeignKey(unique=True), and make a migration.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#related-fields",
  evidence = { "django.settings", "django.models" },
  check = function(facts, report)
    relations.judge(facts, report, {
      id = "fields.W342", kind = "foreign_key", looks_like = "Key$",
      subject = "that is unique, which a OneToOneField expresses",
      passes = "has a unique ForeignKey",
      decide = function(_, options)
        local unique, why = relations.option(options, "unique")
        local key, key_why = relations.option(options, "primary_key")
        if unique or key then return true end
        if unique == nil or key == nil then return nil, why or key_why end
        return false
      end,
    })
  end,
  examples = {
    passing = {
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = MODELS .. "class Profile(models.Model):\n    account = models.OneToOneField(Account, models.CASCADE, unique=True)\n"
          .. "    owner = models.ForeignKey(Account, models.CASCADE, unique=False, related_name='+')\n",
      }),
    },
    failing = {
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = MODELS .. "class Profile(models.Model):\n↓    account = models.ForeignKey(Account, models.CASCADE, unique=True)\n",
      }),
      -- primary_key implies unique (Field.unique), on a subclass of the scan too.
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = MODELS .. "class AccountKey(models.ForeignKey):\n    pass\n\n\n"
          .. "class Profile(models.Model):\n↓    account = AccountKey(Account, models.CASCADE, primary_key=True)\n",
      }),
    },
  },
}
