local django = import("django")
local ex = import("examples")

return {
  id = "DJ-UPLOAD-PERMISSIONS",
  title = "Uploaded files must not be world-writable or executable",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:732" },
  rationale = "World-writable uploads can be replaced by any local user; executable bits let an "
    .. "uploaded script run if the web server executes files from MEDIA_ROOT.",
  remediation = "FILE_UPLOAD_PERMISSIONS = 0o644\nFILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#file-upload-permissions",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local failed = false
    local files = django.setting(facts, "FILE_UPLOAD_PERMISSIONS")
    if files.known and files.kind == "integer" and (files.value & 2 ~= 0 or files.value & 73 ~= 0) then
      failed = true
      report.fail{ message = string.format("FILE_UPLOAD_PERMISSIONS is 0o%o", files.value), at = files.at }
    end
    local folders = django.setting(facts, "FILE_UPLOAD_DIRECTORY_PERMISSIONS")
    if folders.known and folders.kind == "integer" and folders.value & 2 ~= 0 then
      failed = true
      report.fail{ message = string.format("FILE_UPLOAD_DIRECTORY_PERMISSIONS is 0o%o", folders.value), at = folders.at }
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case(), ex.case{ "FILE_UPLOAD_PERMISSIONS = 0o640" } },
    failing = { ex.case{ "↓FILE_UPLOAD_PERMISSIONS = 0o777" } },
  },
}
