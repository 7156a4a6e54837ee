local django = import("django")
local ex = import("examples")

return {
  id = "DJ-STATICFILES-E002",
  title = "STATICFILES_DIRS must not contain STATIC_ROOT",
  severity = "medium",
  references = { "django:staticfiles.E002", "owasp:A05:2021" },
  rationale = "collectstatic copies every source folder into STATIC_ROOT; a source folder that is "
    .. "STATIC_ROOT itself mixes collected and source files and is overwritten by each run.",
  remediation = "Keep sources and the collected output apart: STATICFILES_DIRS = [BASE_DIR / \"assets\"], "
    .. "STATIC_ROOT = BASE_DIR / \"staticfiles\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#staticfiles-dirs",
  evidence = { "django.settings" },
  check = function(facts, report)
    local items = django.staticfiles_items(facts, report, "staticfiles.E002")
    if not items then return end
    local root = django.setting(facts, "STATIC_ROOT")
    if not root.known then return django.report_unknown(report, "STATIC_ROOT", root) end
    if not django.truthy(root) then return report.pass{ message = "STATIC_ROOT is not set", at = root.at } end
    if root.kind ~= "string" then
      return report.unknown{ message = "cannot verify STATIC_ROOT: a " .. root.kind .. " is not a path Parapet can follow", at = root.at }
    end
    local collected = django.abspath(facts, root.value)
    local failed, undecided = false, nil
    for _, entry in ipairs(items) do
      local node = entry.node
      if not node or not fact.known(node) or type(fact.value(node)) ~= "string" then
        undecided = undecided or { message = "cannot verify a STATICFILES_DIRS item: "
          .. tostring(node and fact.reason(node) or "it is not a path Parapet can follow"), at = node or entry.item }
      elseif django.abspath(facts, fact.value(node)) == collected then
        failed = true
        report.fail{ message = "STATICFILES_DIRS contains STATIC_ROOT (" .. django.folder_name(facts, node) .. ")", at = node }
      end
    end
    django.conclude(report, failed, undecided)
  end,
  examples = {
    passing = { ex.case{ 'STATICFILES_DIRS = [BASE_DIR / "assets"]' } },
    failing = { ex.case{ '↓STATICFILES_DIRS = [BASE_DIR / "staticfiles"]' } },
  },
}
