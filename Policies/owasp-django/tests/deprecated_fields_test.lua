-- DJ-FIELDS-DEPRECATED: the id Django gives each field class under the project's series, and
-- what other packages' apps and pins decide (data/deprecated-model-fields.json).
local RULE = "DJ-FIELDS-DEPRECATED"
local KEY = string.rep("k7", 30)

-- A project pinning `requirements` whose settings install `apps`, with `files`.
local function project(requirements, apps, files, extra)
  local all = {
    ["mysite/settings.py"] = "import os\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDEBUG = False\n"
      .. "INSTALLED_APPS = [" .. apps .. "]\n" .. (extra or ""),
    ["requirements.txt"] = requirements,
  }
  for path, text in pairs(files or {}) do all[path] = text end
  return all
end

local function case(name, files, expect)
  return { name = name, rule = RULE, files = files,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY }, expect = expect }
end

local function shop(models)
  return { ["shop/__init__.py"] = "", ["shop/models.py"] = "from django.db import models\n" .. models }
end

-- Open Humans: the project's flag model replaces waffle.Flag and inherits its NullBooleanField.
local FEATURE_FLAG = shop("from waffle.models import AbstractUserFlag\n\n\nclass FeatureFlag(AbstractUserFlag):\n"
  .. "    def is_active(self, request):\n        return True\n")
local OVERRIDDEN_FLAG = shop("from waffle.models import AbstractUserFlag\n\n\nclass FeatureFlag(AbstractUserFlag):\n"
  .. "    everyone = models.BooleanField(null=True)\n")

return {
  case("the warning id of the series", project("Django==3.2.25\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    flag = models.NullBooleanField()\n")),
    { status = "fail", django_check = "fields.W903", message = "shop.Product.flag is a django.db.models.NullBooleanField" }),
  case("the error id once removed", project("Django==4.0.10\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    flag = models.NullBooleanField()\n")),
    { status = "fail", django_check = "fields.E903" }),
  case("no details before the deprecation", project("Django==3.0.14\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    flag = models.NullBooleanField()\n")),
    { status = "pass" }),
  case("a PostgreSQL JSONField through a subclass", project("Django==3.1.14\n", '"shop"', {
    ["shop/__init__.py"] = "",
    ["shop/fields.py"] = "from django.contrib.postgres.fields import JSONField\n\n\nclass Meta(JSONField):\n    pass\n",
    ["shop/models.py"] = "from django.db import models\nfrom .fields import Meta\n\n\nclass Product(models.Model):\n    data = Meta()\n",
  }), { status = "fail", django_check = "fields.W904", message = "through shop.fields.Meta" }),
  case("CICharField from 4.2", project("Django==4.2.27\n", '"shop"', {
    ["shop/__init__.py"] = "",
    ["shop/models.py"] = "from django.contrib.postgres.fields import CICharField\nfrom django.db import models\n\n\n"
      .. "class Product(models.Model):\n    name = CICharField(max_length=20)\n",
  }), { status = "fail", django_check = "fields.W905" }),
  case("IPAddressField in 1.11", project("Django==1.11.29\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    ip = models.IPAddressField()\n")),
    { status = "fail", django_check = "fields.E900" }),
  case("a series the table does not hold", project("Django==1.8.19\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    ip = models.IPAddressField()\n")),
    { status = "unknown", message = "has no entry for Django 1.8" }),
  case("a silenced id passes", project("Django==3.2.25\n", '"shop"', shop(
    "\n\nclass Product(models.Model):\n    flag = models.NullBooleanField()\n"), 'SILENCED_SYSTEM_CHECKS = ["fields.W903"]\n'),
    { status = "pass", django_check = "fields.W903" }),
  case("another package's app under a series with warnings", project("Django==3.2.25\ndjango-extensions==3.2.3\n",
    '"django_extensions"'), { status = "unknown", message = "for app 'django_extensions': its models are not among the scanned files" }),
  case("another package's app under a series without warnings", project("Django==4.1.13\ndjango-extensions==3.2.3\n",
    '"django_extensions"'), { status = "pass" }),
  case("django-waffle before 2.0", project("Django==3.2.25\ndjango-waffle==1.0.0\n", '"waffle"'),
    { status = "fail", django_check = "fields.W903", message = "waffle.Flag.everyone" }),
  case("django-waffle 2.0 uses BooleanField", project("Django==3.2.25\ndjango-waffle==2.0.0\n", '"waffle"'),
    { status = "pass" }),
  case("django-waffle not pinned", project("Django==3.2.25\ndjango-waffle>=0.15\n", '"waffle"'),
    { status = "unknown", message = "the release of django-waffle the project installs is not pinned" }),
  case("waffle.Flag swapped for the project's flag model", project("Django==3.2.25\ndjango-waffle==0.20.0\n",
    '"waffle", "shop"', FEATURE_FLAG, 'WAFFLE_FLAG_MODEL = "shop.FeatureFlag"\n'),
    { status = "fail", django_check = "fields.W903", message = "shop.FeatureFlag.everyone (inherited from waffle.models.AbstractUserFlag", count = 1 }),
  case("the project's flag model declares its own field", project("Django==3.2.25\ndjango-waffle==0.20.0\n",
    '"waffle", "shop"', OVERRIDDEN_FLAG, 'WAFFLE_FLAG_MODEL = "shop.FeatureFlag"\n'),
    { status = "pass" }),
  case("an app that is neither scanned nor declared", project("Django==4.1.13\n", '"billing"'),
    { status = "unknown", message = "'billing' is neither among the scanned files nor a package the project declares" }),
}
