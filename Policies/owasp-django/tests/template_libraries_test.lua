-- templates.W003 (templates.E003 in Django 4.1 to 5.0) over the template tag libraries Parapet
-- can read: Django's own per release, the scanned apps' modules that bind `register` (those of
-- subpackages named with a dot), TEMPLATES' OPTIONS['libraries'], and other packages' apps.
local LIBRARY = "from django import template\n\nregister = template.Library()\n"

local function case(name, settings, files, requirements, expect)
  local all = {
    ["mysite/settings.py"] = settings .. "\nSECRET_KEY = 'k-" .. string.rep("x7Q", 20) .. "'\n",
    ["shop/__init__.py"] = "",
    ["shop/templatetags/__init__.py"] = "",
    ["requirements.txt"] = requirements,
  }
  for path, text in pairs(files) do all[path] = text end
  return { name = name, rule = "DJ-TEMPLATES-W003", files = all, env = { DJANGO_SETTINGS_MODULE = "mysite.settings" }, expect = expect }
end

local ENGINE = 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}]'
local APPS = 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]\n'

return {
  case("Django 4.2 names the warning templates.E003", APPS .. ENGINE, { ["shop/templatetags/static.py"] = LIBRARY },
    "Django==4.2.16\n", { status = "fail", django_check = "templates.E003" }),
  case("Django 3.2 has no such check", APPS .. ENGINE, { ["shop/templatetags/static.py"] = LIBRARY },
    "Django==3.2.25\n", { status = "not_applicable" }),
  case("a library in a subpackage is named with a dot", APPS .. ENGINE, {
    ["shop/templatetags/sub/__init__.py"] = "", ["shop/templatetags/sub/tags.py"] = LIBRARY,
    ["shop/templatetags/tags.py"] = LIBRARY }, "Django==5.2.8\n", { status = "pass" }),
  case("OPTIONS['libraries'] names a library another module provides", APPS
    .. 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"libraries": {"tags": "shop.other"}}}]',
    { ["shop/templatetags/tags.py"] = LIBRARY }, "Django==5.2.8\n", { status = "fail", message = "shop.other, shop.templatetags.tags" }),
  case("another package's app leaves the check undecided",
    'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop", "taggit"]\n' .. ENGINE,
    { ["shop/templatetags/tags.py"] = LIBRARY }, "Django==5.2.8\ndjango-taggit==6.1.0\n", { status = "unknown", message = "app 'taggit'" }),
  case("from 5.1 only DjangoTemplates engines run the check", APPS
    .. 'TEMPLATES = [{"BACKEND": "django.template.backends.jinja2.Jinja2", "OPTIONS": {}}]',
    { ["shop/templatetags/static.py"] = LIBRARY }, "Django==5.2.8\n", { status = "not_applicable" }),
  case("admin_filters is Django's from 6.1", 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin", "shop"]\n' .. ENGINE,
    { ["shop/templatetags/admin_filters.py"] = LIBRARY }, "Django==6.0.4\n", { status = "pass" }),
}
