local django = import("django")
local ex = import("examples")

return {
  id = "DJ-STATICFILES-E003",
  title = "A STATICFILES_DIRS prefix must not end with a slash",
  severity = "low",
  references = { "django:staticfiles.E003", "owasp:A05:2021" },
  rationale = "The prefix is joined to each file's path with a slash; one more at its end makes "
    .. "URLs with a double slash that the finder never matches, so the files are not found.",
  remediation = "STATICFILES_DIRS = [(\"vendor\", BASE_DIR / \"vendor\")]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#prefixes-optional",
  evidence = { "django.settings" },
  check = function(facts, report)
    local items = django.staticfiles_items(facts, report, "staticfiles.E003")
    if not items then return end
    local failed, undecided = false, nil
    for _, entry in ipairs(items) do
      if not fact.known(entry.item) then
        undecided = undecided or { message = "cannot verify a STATICFILES_DIRS item: " .. tostring(fact.reason(entry.item)), at = entry.item }
      elseif entry.prefix then
        if not fact.known(entry.prefix) then
          undecided = undecided or { message = "cannot verify a STATICFILES_DIRS prefix: " .. tostring(fact.reason(entry.prefix)), at = entry.prefix }
        elseif type(fact.value(entry.prefix)) == "string" and string.sub(fact.value(entry.prefix), -1) == "/" then
          failed = true
          report.fail{ message = "the STATICFILES_DIRS prefix '" .. fact.value(entry.prefix) .. "' ends with a slash", at = entry.prefix }
        end
      end
    end
    django.conclude(report, failed, undecided)
  end,
  examples = {
    passing = { ex.case{ 'STATICFILES_DIRS = [("vendor", BASE_DIR / "vendor")]' } },
    failing = { ex.case{ 'STATICFILES_DIRS = [(', '↓    "vendor/", BASE_DIR / "vendor")]' } },
  },
}
