-- fields.W340 and fields.W342 over the models Parapet can read: another package's app, a field
-- built with **kwargs, a package's class the data does not know, and Django 1.8, which warned
-- for null only when it was true (ManyToManyField.has_null_arg arrived in 1.9).
local HEAD = "from django.db import models\n\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=40)\n\n\n"

local function case(name, rule, apps, body, requirements, expect)
  return {
    name = name, rule = rule,
    files = {
      ["mysite/settings.py"] = "INSTALLED_APPS = [" .. apps .. "]\nSECRET_KEY = 'k-" .. string.rep("x7Q", 20) .. "'\n",
      ["shop/__init__.py"] = "",
      ["shop/models.py"] = "import legacy\n\nOPTIONS = legacy.OPTIONS\n" .. HEAD .. "class Product(models.Model):\n" .. body,
      ["requirements.txt"] = requirements,
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

local BASE = '"django.contrib.auth", "django.contrib.contenttypes", "shop"'
local PLAIN = "    tags = models.ManyToManyField(Tag)\n"

return {
  case("another package's app leaves W340 undecided", "DJ-FIELDS-W340", BASE .. ', "taggit"', PLAIN,
    "Django==5.2.8\ndjango-taggit==6.1.0\nlegacy==1.0\n", { status = "unknown", message = "app 'taggit'" }),
  case("an app Parapet cannot place leaves W340 undecided", "DJ-FIELDS-W340", BASE .. ', "taxonomy"', PLAIN,
    "Django==5.2.8\nlegacy==1.0\n", { status = "unknown", message = "entry 'taxonomy'" }),
  case("a field of the scan decides W342 whatever other apps hold", "DJ-FIELDS-W342", BASE .. ', "taxonomy"',
    "    tag = models.ForeignKey(Tag, models.CASCADE, unique=True)\n",
    "Django==5.2.8\ntaxonomy-connector==2.3.0\nlegacy==1.0\n", { status = "fail", django_check = "fields.W342" }),
  case("**kwargs may pass null", "DJ-FIELDS-W340", BASE, "    tags = models.ManyToManyField(Tag, **OPTIONS)\n",
    "Django==5.2.8\nlegacy==1.0\n", { status = "unknown", message = "**OPTIONS" }),
  case("a package's class named like a ForeignKey is undecided", "DJ-FIELDS-W342", BASE,
    "    tag = legacy.ForeignKey(Tag, unique=True)\n", "Django==5.2.8\nlegacy==1.0\n", { status = "unknown", message = "another package's" }),
  case("null=False warns from Django 1.9", "DJ-FIELDS-W340", BASE, "    tags = models.ManyToManyField(Tag, null=False)\n",
    "Django==4.2.16\nlegacy==1.0\n", { status = "fail" }),
  case("before 1.9 only a true null warned", "DJ-FIELDS-W340", BASE, "    tags = models.ManyToManyField(Tag, null=False)\n",
    "Django==1.8.19\nlegacy==1.0\n", { status = "pass" }),
  case("a OneToOneField may be unique", "DJ-FIELDS-W342", BASE, "    tag = models.OneToOneField(Tag, models.CASCADE, unique=True)\n",
    "Django==5.2.8\nlegacy==1.0\n", { status = "pass" }),
  {
    name = "a subclass that builds itself may change the options", rule = "DJ-FIELDS-W342",
    files = {
      ["mysite/settings.py"] = "INSTALLED_APPS = [" .. BASE .. "]\nSECRET_KEY = 'k-" .. string.rep("x7Q", 20) .. "'\n",
      ["shop/__init__.py"] = "",
      ["shop/fields.py"] = "from django.db import models\n\n\nclass Key(models.ForeignKey):\n"
        .. "    def __init__(self, *args, **kwargs):\n        kwargs['unique'] = False\n        super().__init__(*args, **kwargs)\n",
      ["shop/models.py"] = "from django.db import models\n\nfrom .fields import Key\n\n\n"
        .. "class Tag(models.Model):\n    name = models.CharField(max_length=40)\n\n\n"
        .. "class Product(models.Model):\n    tag = Key(Tag, models.CASCADE, unique=True)\n",
      ["requirements.txt"] = "Django==5.2.8\n",
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "overrides __init__()" },
  },
  case("a silenced W342 passes", "DJ-FIELDS-W342", BASE .. '];\nSILENCED_SYSTEM_CHECKS = ["fields.W342"',
    "    tag = models.ForeignKey(Tag, models.CASCADE, unique=True)\n", "Django==5.2.8\nlegacy==1.0\n", { status = "pass", message = "silenced" }),
}
