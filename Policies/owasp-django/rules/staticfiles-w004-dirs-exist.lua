local django = import("django")
local ex = import("examples")

return {
  id = "DJ-STATICFILES-W004",
  title = "Every folder in STATICFILES_DIRS must exist",
  severity = "low",
  references = { "django:staticfiles.W004", "owasp:A05:2021" },
  rationale = "collectstatic and the static files finder skip a missing folder silently, so the "
    .. "assets it should hold (often a frontend build) are not served. Django warns on the "
    .. "checkout it runs in; a folder the build creates is missing until that build runs.",
  remediation = "Create the folder before Django starts (run the frontend build, `npm install`, "
    .. "in the image), or remove it from STATICFILES_DIRS.",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#staticfiles-dirs",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.at_least(facts, "4.0") then
      return report.not_applicable{ message = "staticfiles.W004 exists from Django 4.0" }
    end
    local items = django.staticfiles_items(facts, report, "staticfiles.W004")
    if not items then return end
    local failed, undecided = false, nil
    for _, entry in ipairs(items) do
      local exists, why = django.folder_exists(facts, entry.node)
      if exists == false then
        failed = true
        report.fail{ message = "STATICFILES_DIRS names " .. django.folder_name(facts, entry.node)
          .. ", which does not exist where Django runs from this checkout: " .. why, at = entry.node }
      elseif exists == nil and undecided == nil then
        undecided = { message = "cannot verify that " .. django.folder_name(facts, entry.node) .. " exists: " .. tostring(why), at = entry.node }
      end
    end
    django.conclude(report, failed, undecided)
  end,
  examples = {
    passing = {
      ex.case({ 'STATICFILES_DIRS = [BASE_DIR / "assets"]' }, nil, { ["assets/site.css"] = "body { margin: 0 }\n" }),
      ex.case{ 'STATICFILES_DIRS = []' },
    },
    failing = {
      ex.case({ '↓STATICFILES_DIRS = [("vendor", BASE_DIR / "frontend" / "node_modules")]' }, nil,
        { ["frontend/package.json"] = '{"name": "frontend"}\n' }),
    },
  },
}
