local django = import("django")
local ex = import("examples")

return {
  id = "DJ-FILES-E001",
  title = "FILE_UPLOAD_TEMP_DIR must name an existing folder",
  severity = "medium",
  references = { "django:files.E001", "owasp:A05:2021" },
  rationale = "Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to this folder; when it "
    .. "does not exist every such upload fails with a server error.",
  remediation = "Create the folder where Django runs (owned by the application user, not served), "
    .. "or leave FILE_UPLOAD_TEMP_DIR unset to use the system's temporary folder.",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#file-upload-temp-dir",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "files.E001") then return end
    if not django.at_least(facts, "4.0") then
      return report.not_applicable{ message = "files.E001 exists from Django 4.0" }
    end
    local s = django.setting(facts, "FILE_UPLOAD_TEMP_DIR")
    if not s.known then return django.report_unknown(report, "FILE_UPLOAD_TEMP_DIR", s) end
    if not django.truthy(s) then
      return report.pass{ message = "FILE_UPLOAD_TEMP_DIR is not set: uploads use the system's temporary folder", at = s.at }
    end
    if s.kind ~= "string" then
      return report.unknown{ message = "cannot verify FILE_UPLOAD_TEMP_DIR: a " .. s.kind .. " is not a path Parapet can follow", at = s.at }
    end
    local exists, why = django.folder_exists(facts, s.node)
    if exists == nil then
      return report.unknown{ message = "cannot verify that FILE_UPLOAD_TEMP_DIR exists: " .. tostring(why), at = s.at }
    end
    if exists then return report.pass{ at = s.at } end
    report.fail{ message = "FILE_UPLOAD_TEMP_DIR names " .. django.folder_name(facts, s.node)
      .. ", which does not exist where Django runs from this checkout: " .. why, at = s.at }
  end,
  examples = {
    passing = {
      ex.case({ 'FILE_UPLOAD_TEMP_DIR = str(BASE_DIR / "var" / "uploads")' }, nil, { ["var/uploads/.keep"] = "" }),
      ex.case(),
    },
    failing = {
      ex.case({ '↓FILE_UPLOAD_TEMP_DIR = str(BASE_DIR / "node_modules" / ".uploads")' }),
    },
  },
}
