-- models.W042 exists from Django 3.2 to 5.2: Django 6.0 made BigAutoField the default of
-- DEFAULT_AUTO_FIELD and removed the check (RapidPro on 6.1: Django prints no W042).
local function case(name, requirements, expect)
  return {
    name = name, rule = "DJ-MODELS-W042",
    files = {
      ["mysite/settings.py"] = 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]\n',
      ["shop/__init__.py"] = "",
      ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=80)\n",
      ["requirements.txt"] = requirements,
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

return {
  case("Django 5.2 warns about a model without a declared key type", "Django==5.2.8\n", { status = "fail" }),
  case("Django 6.0 has no such check: BigAutoField is the default", "Django==6.0.4\n",
    { status = "not_applicable", message = "from 6.0" }),
  case("nor has 6.1", "Django==6.1.0\n", { status = "not_applicable" }),
}
