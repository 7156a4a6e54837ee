local ex = import("examples")

return {
  id = "DJ-ADMIN-URL",
  title = "The admin should not be mounted at the default admin/ path",
  severity = "low",
  references = { "owasp:A05:2021", "cwe:200" },
  rationale = "Bots try /admin/ first; a non-default path cuts the noise of credential-stuffing "
    .. "attempts. This is obscurity, not protection: keep strong passwords and rate limits.",
  remediation = "path(os.environ[\"DJANGO_ADMIN_URL\"], admin.site.urls),",
  docs = "https://cheatsheetseries.owasp.org/cheatsheets/Django_Security_Cheat_Sheet.html#admin-panel-url",
  evidence = { "django.admin_urls" },
  check = function(facts, report)
    local failed = false
    for _, route in ipairs(facts.django.admin_urls) do
      local value = route.route
      if fact.known(value) and (fact.value(value) == "admin/" or fact.value(value) == "^admin/") then
        failed = true
        report.fail{ message = "admin.site.urls is mounted at " .. fact.value(value), at = value }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case({}, nil, { ["mysite/urls.py"] = 'urlpatterns = [path("k8s-7f3a/", admin.site.urls)]\n' }) },
    failing = { ex.case({}, nil, { ["mysite/urls.py"] = 'urlpatterns = [↓path("admin/", admin.site.urls)]\n' }) },
  },
}
