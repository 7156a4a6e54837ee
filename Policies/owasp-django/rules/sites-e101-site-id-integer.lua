local django = import("django")
local ex = import("examples")

-- The Python types isinstance(SITE_ID, (NoneType, int)) accepts: a bool is an int.
local ACCEPTED = { null = true, bool = true, integer = true }

return {
  id = "DJ-SITES-E101",
  title = "SITE_ID must be an integer when the sites framework is installed",
  severity = "medium",
  references = { "django:sites.E101", "owasp:A05:2021", "cwe:1287" },
  rationale = "django.contrib.sites looks the current site up by SITE_ID; a string read from the "
    .. "environment without a cast (\"1\") is not the primary key Django expects. From Django 3.2 "
    .. "`check` reports sites.E101 and management commands refuse to run.",
  remediation = "SITE_ID = int(os.environ.get(\"SITE_ID\", \"1\"))",
  docs = "https://docs.djangoproject.com/en/stable/ref/contrib/sites/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "sites.E101") then return end
    if not django.at_least(facts, "3.2") then
      return report.not_applicable{ message = "sites.E101 exists from Django 3.2" }
    end
    local installed = django.app_installed(facts, report, "django.contrib.sites")
    if installed == nil then return end
    if not installed then
      return report.pass{ message = "django.contrib.sites is not installed, so its check does not run" }
    end
    local site = django.setting(facts, "SITE_ID")
    if not site.known then return django.report_unknown(report, "SITE_ID", site) end
    if ACCEPTED[site.kind] then return report.pass{ at = site.at } end
    local shown = django.python_type(facts, "SITE_ID") or site.kind
    report.fail{
      message = "SITE_ID is a " .. shown .. ", not an integer" .. django.origin_note(facts, "SITE_ID"),
      at = site.at,
    }
  end,
  examples = {
    passing = {
      ex.case{ 'INSTALLED_APPS += ["django.contrib.sites"]', "SITE_ID = 1" },
      ex.case{ 'INSTALLED_APPS += ["django.contrib.sites"]' },
    },
    failing = {
      ex.case{ 'INSTALLED_APPS += ["django.contrib.sites"]', '↓SITE_ID = os.environ.get("SITE_ID", "1")' },
    },
  },
}
