local django = import("django")
local ex = import("examples")
local relations = import("relation_fields")

local MODELS = "from django.db import models\n\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=40)\n\n\n"
local APPS = 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]'

return {
  id = "DJ-FIELDS-W340",
  title = "ManyToManyFields must not set null",
  severity = "low",
  references = { "django:fields.W340", "owasp:A05:2021" },
  rationale = "A many-to-many relation lives in its own table, so `null` has no effect on a ManyToManyField; "
    .. "Django warns (fields.W340) whenever a model passes it (from Django 1.9 even null=False; before, "
    .. "only a true value), and `check --deploy` prints the warning.",
  remediation = "Remove null from the ManyToManyField (use blank=True to make it optional in forms), and make a migration.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#related-fields",
  evidence = { "django.settings", "django.models" },
  check = function(facts, report)
    relations.judge(facts, report, {
      id = "fields.W340", kind = "many_to_many", looks_like = "ManyToMany",
      subject = "that passes null, which has no effect on a ManyToManyField",
      passes = "passes null to a ManyToManyField",
      decide = function(_, options)
        if options.null == nil then return false end
        -- From 1.9 Django warns whenever the keyword is passed (has_null_arg); before, when true.
        if django.at_least(facts, "1.9") then return true end
        return relations.option(options, "null")
      end,
    })
  end,
  examples = {
    passing = {
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = MODELS .. "class Product(models.Model):\n    tags = models.ManyToManyField(Tag, blank=True)\n"
          .. "    parent = models.ForeignKey('self', models.CASCADE, null=True)\n",
      }),
    },
    failing = {
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = MODELS .. "class Product(models.Model):\n↓    tags = models.ManyToManyField(Tag, null=True, blank=True)\n",
      }),
      -- A package's subclass of ManyToManyField the pack's data knows (course-discovery).
      ex.case({ APPS }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from sortedm2m.fields import SortedManyToManyField\n" .. MODELS
          .. "class Product(models.Model):\n↓    tags = SortedManyToManyField(Tag, null=False)\n",
      }),
    },
  },
}
