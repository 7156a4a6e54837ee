local django = import("django")
local ex = import("examples")

-- Two blog URLconfs; `namespace` is the line the second include gets.
local function urlconf(second)
  return {
    ["mysite/urls.py"] = table.concat({
      "from django.urls import include, path",
      "urlpatterns = [",
      '    path("blog/", include(("mysite.blog_urls", "blog"), namespace="blog")),',
      second,
      "]",
    }, "\n") .. "\n",
    ["mysite/blog_urls.py"] = "from django.urls import path\nurlpatterns = []\n",
  }
end

return {
  id = "DJ-URLS-W005",
  title = "URL namespaces must be unique",
  severity = "low",
  references = { "django:urls.W005", "owasp:A05:2021" },
  rationale = "Two include()s under one namespace make reverse() find the names of only one of "
    .. "them: links, redirects and permission checks built with reverse() can point to the wrong view.",
  remediation = 'path("news/", include(("mysite.blog_urls", "blog"), namespace="news"))',
  docs = "https://docs.djangoproject.com/en/stable/topics/http/urls/#url-namespaces",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "urls.W005") then return end
    local root = django.setting(facts, "ROOT_URLCONF")
    if not root.known then return django.report_unknown(report, "ROOT_URLCONF", root) end
    if not django.truthy(root) then
      return report.pass{ message = "ROOT_URLCONF is not set, so Django skips this check" }
    end
    local found = facts.django.url_namespaces
    if found == nil then
      return report.unknown{ message = "cannot verify the URL namespaces: ROOT_URLCONF is not a module name Parapet can read", at = root.at }
    end
    local seen = {}
    local failed, doubt, doubt_at = false, nil, nil
    for _, entry in ipairs(found.namespaces) do
      local name = fact.value(entry.name)
      local certain = fact.value(entry.certain) == true
      local first = seen[name]
      if first and first.certain and certain then
        failed = true
        report.fail{ message = "URL namespace '" .. name .. "' isn't unique: it is also registered at "
          .. tostring(fact.where(first.node)) .. ", so reverse() cannot reach every URL in it", at = entry.name }
      elseif first and doubt == nil then
        doubt = "URL namespace '" .. name .. "' may be registered twice (" .. tostring(fact.where(first.node))
          .. " and here, under a condition Parapet cannot decide)"
        doubt_at = entry.name
      end
      if first == nil or (certain and not first.certain) then seen[name] = { certain = certain, node = entry.name } end
    end
    if failed then return end
    if doubt then return report.unknown{ message = doubt, at = doubt_at } end
    if found.unknown ~= nil then
      return report.unknown{ message = "cannot verify that URL namespaces are unique: " .. fact.value(found.unknown), at = root.at }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case({}, nil, urlconf('    path("news/", include(("mysite.blog_urls", "blog"), namespace="news")),')) },
    failing = { ex.case({}, nil, urlconf('↓    path("old-blog/", include(("mysite.blog_urls", "blog"), namespace="blog")),')) },
  },
}
