local django = import("django")
local ex = import("examples")

return {
  id = "DJ-STATICFILES-E001",
  title = "STATICFILES_DIRS must be a list or a tuple",
  severity = "medium",
  references = { "django:staticfiles.E001", "owasp:A05:2021" },
  rationale = "A single string (a tuple without its trailing comma) is iterated character by "
    .. "character: Django reports staticfiles.E001 and finds none of the intended static files.",
  remediation = "STATICFILES_DIRS = [BASE_DIR / \"static\"]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#staticfiles-dirs",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "staticfiles.E001") then return end
    if not django.filesystem_finder_runs(facts, report) then return end
    local items, dirs = django.staticfiles_dirs(facts, report)
    if items == nil then return end
    if items then return report.pass{ at = dirs.at } end
    report.fail{ message = "STATICFILES_DIRS is a " .. dirs.kind .. ", not a list or tuple", at = dirs.at }
  end,
  examples = {
    passing = { ex.case{ 'STATICFILES_DIRS = (BASE_DIR / "assets",)' } },
    failing = { ex.case{ '↓STATICFILES_DIRS = (str(BASE_DIR / "assets"))' } },
  },
}
