local svc = import("svc")

return {
  id = "BENCH-008",
  title = "TLS 1.2 or later",
  severity = "high",
  evidence = { "json" },
  check = function(facts, report)
    local s = svc.of(facts)
    if s == nil then return report.not_applicable() end
    local version = fact.value(s.tls.min_version)
    if version == "1.0" or version == "1.1" then report.fail{ message = "TLS " .. version .. " allowed", at = s.tls.min_version } end
  end,
}
